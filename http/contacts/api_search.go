package contacts

import (
	"errors"
	"net/http"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
)

// searchRequest is the body of POST /api/v1/contacts/search, for clients
// that must keep search terms out of URLs and access logs. It pages as
// the GET does: limit and after.
type searchRequest struct {
	Q               string `json:"q"`
	Kind            string `json:"kind,omitempty"`
	IncludeArchived bool   `json:"include_archived,omitempty"`
	Limit           *int   `json:"limit,omitempty"`
	After           string `json:"after,omitempty"`
}

// apiListContacts is GET /api/v1/contacts?q=…: a ranked search when q is
// given, the alphabetical list otherwise, a page at a time (web.PageOf).
func (s *Handlers) apiListContacts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, err := web.PageOf(q, contactList)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.search(w, r, searchRequest{Q: q.Get("q"), Kind: q.Get("kind"), IncludeArchived: q.Get("include_archived") == "true"}, page)
}

// apiSearchContacts is POST /api/v1/contacts/search.
func (s *Handlers) apiSearchContacts(w http.ResponseWriter, r *http.Request) {
	var req searchRequest
	err := web.DecodeJSON(r, &req)
	var page web.Page
	if err == nil {
		page, err = web.NewPage(contactList, req.Limit, req.After)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.search(w, r, req, page)
}

// contactList names the contact list's cursors: a search's and the
// list's are one, so either continues after the contact named.
const contactList = "contacts"

func (s *Handlers) search(w http.ResponseWriter, r *http.Request, req searchRequest, page web.Page) {
	if req.Kind != "" && req.Kind != kindPerson && req.Kind != kindOrganisation {
		s.WriteProblem(w, r, domain.Invalid("kind", "the kind must be person or organisation").WithCode("request.kind.invalid"))
		return
	}
	opts := contacts.Options{Kind: contacts.Kind(req.Kind), IncludeArchived: req.IncludeArchived, Limit: page.ReadLimit()}
	after, err := web.After[contacts.Key](page)
	opts.After = after
	var dir web.ContactDirectory
	if err == nil {
		dir, err = s.Contacts(r)
	}
	var found []contacts.Summary
	if err == nil {
		found, err = dir.Search(r.Context(), req.Q, opts)
	}
	if errors.Is(err, contacts.ErrAnchor) {
		err = web.ErrCursor()
	}
	found, next := web.Cut(page, found, func(c contacts.Summary) web.CursorKey { return contacts.KeyOf(c) })
	if err == nil {
		err = s.cardsOnly(r, found)
	}
	if err == nil {
		err = s.RecordView(r, web.SummaryIDs(found))
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	out := listOut(found)
	out.Next = next
	web.WriteJSON(w, http.StatusOK, out)
}
