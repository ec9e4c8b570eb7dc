package integrations

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/integrations"
)

// FeedEntryJSON is one entry of the feed: what happened, to which IDs,
// when, with non-personal fields in data. Cursor is where a client goes
// on from after this entry.
type FeedEntryJSON struct {
	ID         string          `json:"id"`
	Kind       string          `json:"kind"`
	At         time.Time       `json:"at"`
	MatterID   string          `json:"matter_id,omitempty"`
	ContactIDs []string        `json:"contact_ids"`
	Data       json.RawMessage `json:"data"`
	Cursor     string          `json:"cursor"`
}

// FeedPageJSON is a page of the feed. Next is always given: the cursor
// after the last entry, or the one asked with when nothing new has come.
type FeedPageJSON struct {
	Items []FeedEntryJSON `json:"items"`
	Next  string          `json:"next"`
}

// feedList is the feed's name in its cursors.
const feedList = "feed"

// apiFeed answers GET /api/v1/feed?after=&limit=: the entries after the
// cursor in log order. The contacts the page names are in the access log
// as seen by the member (IDs only are shown, but the integration learns
// that something happened to them).
func (s *Handlers) apiFeed(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	page, err := web.PageOf(r.URL.Query(), feedList)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	after, err := web.After[integrations.Position](page)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	from := integrations.Position{}
	if after != nil {
		from = *after
	}
	walls, err := s.WalledTargets(r)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	hidden, err := s.Hidden(r)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	walled := make([]string, 0, len(hidden))
	for id := range hidden {
		walled = append(walled, id)
	}
	reader := integrations.ReaderFor(access.Viewer{StaffID: p.StaffID, Teams: p.Teams}, walls, walled, p.Can)
	entries, err := s.deps.Feed.Read(r.Context(), reader, from, page.Limit)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	out := FeedPageJSON{Items: make([]FeedEntryJSON, len(entries)), Next: page.CursorAt(from)}
	var subjects []string
	for i, e := range entries {
		out.Items[i] = FeedEntryJSON{ID: e.EventID, Kind: e.Kind, At: e.OccurredAt.UTC(), MatterID: e.MatterID,
			ContactIDs: e.ContactIDs, Data: e.Data, Cursor: page.CursorAt(e.Position)}
		out.Next = out.Items[i].Cursor
		subjects = append(subjects, e.ContactIDs...)
	}
	if len(subjects) > 0 {
		if err := s.RecordView(r, subjects); err != nil {
			s.WriteProblem(w, r, err)
			return
		}
	}
	web.WriteJSON(w, http.StatusOK, out)
}
