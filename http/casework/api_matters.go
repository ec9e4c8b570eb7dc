package casework

import (
	"net/http"

	"github.com/google/uuid"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/matters"
)

// createMatterRequest takes a matter in. A client that picks the ID may
// resend after a timeout and gets the same matter and number.
type createMatterRequest struct {
	ID                string         `json:"id,omitempty"`
	Title             string         `json:"title"`
	Description       string         `json:"description,omitempty"`
	PracticeArea      string         `json:"practice_area"`
	ResponsibleLawyer string         `json:"responsible_lawyer"`
	Parties           []partyRequest `json:"parties"`
	Members           []string       `json:"members,omitempty"`
	Teams             []string       `json:"teams,omitempty"`
}

// partyRequest is one contact to add as a party.
type partyRequest struct {
	ContactID string           `json:"contact_id"`
	Role      matter.PartyRole `json:"role"`
	Note      string           `json:"note,omitempty"`
	Version   *uint64          `json:"version,omitempty"`
}

// apiListMatters is GET /api/v1/matters: the matters the caller works
// on, filtered by status, practice_area and responsible (a staff ID),
// newest number first, a page at a time (web.PageOf).
func (s *Handlers) apiListMatters(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := matters.Filter{Status: matter.Status(q.Get("status")), PracticeArea: q.Get("practice_area"),
		ResponsibleLawyer: q.Get("responsible")}
	page, err := web.PageOf(q, "matters")
	if err == nil {
		f.Limit = page.ReadLimit()
		f.After, err = web.After[matters.Key](page)
	}
	var found []matters.Matter
	if err == nil {
		found, err = s.listVisible(r, f)
	}
	found, next := web.Cut(page, found, func(m matters.Matter) web.CursorKey { return matters.KeyOf(m) })
	items := make([]MatterJSON, len(found))
	var subjects []string
	for i, m := range found {
		items[i] = matterOut(m)
		subjects = append(append(subjects, matter.Subject(m.ID)), m.ClientIDs...)
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

// apiCreateMatter is POST /api/v1/matters. Nothing is written unless the
// whole opening is valid; the caller joins the team when they are not
// its responsible lawyer.
func (s *Handlers) apiCreateMatter(w http.ResponseWriter, r *http.Request) {
	var req createMatterRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	if req.ID != "" {
		if _, err := uuid.Parse(req.ID); err != nil {
			s.WriteProblem(w, r, domain.Invalid("id", "the id must be a UUID").WithCode("request.id.invalid"))
			return
		}
	}
	actor := s.Actor(r)
	members := req.Members
	if req.ResponsibleLawyer != actor.ID && !containsString(members, actor.ID) {
		members = append(members, actor.ID)
	}
	cmd := mattercmd.OpenMatter{Actor: actor, MatterID: req.ID, Title: req.Title, Description: req.Description,
		PracticeArea: req.PracticeArea, ResponsibleLawyer: req.ResponsibleLawyer, Members: members, Teams: req.Teams}
	for _, p := range req.Parties {
		cmd.Parties = append(cmd.Parties, mattercmd.MatterParty{ContactID: p.ContactID, Role: p.Role, Note: p.Note})
	}
	res, err := s.deps.Matters.Open.Handle(r.Context(), cmd)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.awaitMatter(r.Context(), res)
	w.Header().Set("Location", "/api/v1/matters/"+res.MatterID)
	s.writeMatter(w, r, http.StatusCreated, res)
}

// apiGetMatter is GET /api/v1/matters/{id} with its notes; its ETag is
// the version.
func (s *Handlers) apiGetMatter(w http.ResponseWriter, r *http.Request) {
	s.writeMatterWithNotes(w, r, http.StatusOK, matterOut(web.MatterOf(r)))
}

// writeMatter answers a write with the matter as the read model shows it
// now, or with what the write itself knows if the read model lags.
func (s *Handlers) writeMatter(w http.ResponseWriter, r *http.Request, status int, res mattercmd.MatterResult) {
	w.Header().Set("ETag", web.VersionETag(res.Version))
	m, err := s.deps.MatterReads.Get(r.Context(), res.MatterID)
	if err == nil && m.Version >= res.Version {
		err = s.RecordView(r, []string{matter.Subject(m.ID)})
	}
	if err != nil || m.Version < res.Version {
		web.WriteJSON(w, status, MatterJSON{ID: res.MatterID, Number: res.Number, Version: res.Version,
			TeamMembers: []string{}, Teams: []string{}, ClientIDs: []string{}})
		return
	}
	web.WriteJSON(w, status, matterOut(m))
}
