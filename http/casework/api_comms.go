package casework

import (
	"net/http"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/communications"
)

// logRequest logs one communication under a matter and/or contacts.
type logRequest struct {
	ID           string                      `json:"id,omitempty"`
	MatterID     string                      `json:"matter_id,omitempty"`
	ContactIDs   []string                    `json:"contact_ids,omitempty"`
	Kind         communication.Kind          `json:"kind"`
	OccurredAt   time.Time                   `json:"occurred_at"`
	Participants []communication.Participant `json:"participants,omitempty"`
	SubjectLine  string                      `json:"subject_line,omitempty"`
	Body         string                      `json:"body,omitempty"`
	FollowUp     *FollowUpJSON               `json:"follow_up,omitempty"`
}

// apiListCommunications is GET /api/v1/communications?matter_id= or
// ?contact_id=, with kind, from and to (dates) as on the pages, newest
// first, a page at a time (web.PageOf). Entries the caller may not see are
// left out in the query; a marked entry they may see comes without its
// text (GET /api/v1/communications/{id} with a purpose gives it).
func (s *Handlers) apiListCommunications(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, _ := web.PrincipalOf(r.Context())
	viewer := p.Viewer()
	f := logFilter(r, filterOf(q))
	f.Viewer = &viewer
	page, err := web.PageOf(q, "communications")
	if err == nil {
		f.Limit = page.ReadLimit()
		f.After, err = web.After[communications.Key](page)
	}
	if err == nil {
		f.Walls, err = s.WalledTargets(r)
	}
	var entries []communications.Entry
	switch matterID, contactID := q.Get("matter_id"), q.Get("contact_id"); {
	case err != nil:
	case matterID != "":
		if err = s.requireLinks(r, matterID); err == nil {
			entries, err = s.deps.CommunicationLog.ForMatter(r.Context(), matterID, f)
		}
	case contactID != "":
		// A walled contact's log is empty, as an unknown contact's is.
		var hidden web.HiddenSet
		if hidden, err = s.Hidden(r); err == nil && !hidden.Has(contactID) {
			entries, err = s.deps.CommunicationLog.ForContact(r.Context(), contactID, f)
		}
	default:
		err = domain.Invalid("matter_id", "give matter_id or contact_id").WithCode("request.field.required")
	}
	entries, next := web.Cut(page, entries, func(e communications.Entry) web.CursorKey { return e.Key() })
	var views []entryView
	var subjects []string
	if err == nil {
		views, subjects, err = s.entryViews(r, entries, nil)
	}
	items := make([]EntryJSON, len(views))
	for i, v := range views {
		items[i], subjects = entryOut(v.Entry), append(subjects, v.DataSubject)
	}
	if err == nil {
		err = s.RecordView(r, subjects)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, web.PageJSON(items, next))
}

// apiLogCommunication is POST /api/v1/communications.
func (s *Handlers) apiLogCommunication(w http.ResponseWriter, r *http.Request) {
	var req logRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	err := s.requireLinks(r, req.MatterID) // a walled contact: the command answers as for an unknown one
	var res commcmd.CommunicationResult
	if err == nil {
		res, err = s.deps.Communications.Log.Handle(r.Context(), commcmd.LogCommunication{
			Actor: s.Actor(r), CommunicationID: req.ID,
			Links: communication.Links{MatterID: req.MatterID, ContactIDs: req.ContactIDs},
			Details: communication.Details{Kind: req.Kind, OccurredAt: req.OccurredAt, Participants: req.Participants,
				SubjectLine: req.SubjectLine, Body: req.Body}, FollowUp: followUpIn(req.FollowUp)})
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), communicationsProjector, res.Position)
	w.Header().Set("ETag", web.VersionETag(res.Version))
	e, err := s.deps.CommunicationLog.Get(r.Context(), res.CommunicationID)
	if err != nil {
		e = communications.Entry{ID: res.CommunicationID, Version: res.Version}
	}
	web.WriteJSON(w, http.StatusCreated, entryOut(e))
}

// requireUploadTarget refuses, as not found, a matter or entry the caller
// may not see.
func (s *Handlers) requireUploadTarget(r *http.Request, matterID, entryID string) error {
	if entryID != "" {
		if ok, err := s.canSeeEntry(r, entryID); err != nil || !ok {
			return web.FirstErr(err, errNoSuchEntry)
		}
	}
	return s.requireLinks(r, matterID)
}

// patchCommunicationRequest corrects an entry's subject line and note:
// fields left out keep their value. The version comes in If-Match or the
// version field.
type patchCommunicationRequest struct {
	Version     *uint64 `json:"version,omitempty"`
	SubjectLine *string `json:"subject_line,omitempty"`
	Body        *string `json:"body,omitempty"`
}

// apiCorrectCommunication is PATCH /api/v1/communications/{id}: only the
// entry's author or a lawyer on its matter may correct it (403); an
// entry the caller may not see is a 404; the first version stays in the
// log.
func (s *Handlers) apiCorrectCommunication(w http.ResponseWriter, r *http.Request) {
	var req patchCommunicationRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	e, err := s.correctableEntry(r)
	var version uint64
	if err == nil {
		version, err = web.ExpectedVersion(r.Header.Get("If-Match"), req.Version)
	}
	var res commcmd.CommunicationResult
	if err == nil {
		res, err = s.deps.Communications.Correct.Handle(r.Context(),
			correction(s.Actor(r), e, version, or(req.SubjectLine, e.SubjectLine), or(req.Body, e.Body)))
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), communicationsProjector, res.Position)
	w.Header().Set("ETag", web.VersionETag(res.Version))
	got, err := s.deps.CommunicationLog.Get(r.Context(), res.CommunicationID)
	if err == nil && got.Version >= res.Version {
		err = s.RecordView(r, []string{got.DataSubject})
	}
	if err != nil || got.Version < res.Version {
		web.WriteJSON(w, http.StatusOK, EntryJSON{ID: res.CommunicationID, Version: res.Version, ContactIDs: []string{}})
		return
	}
	web.WriteJSON(w, http.StatusOK, entryOut(got))
}
