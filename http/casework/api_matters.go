package casework

import (
	"net/http"
	"strconv"

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
// on, filtered by status, practice_area and responsible (a staff ID), a
// page of limit (default 100, at most 500) at a time, newest number first;
// next, when there may be more, is the cursor to pass as after.
func (s *Handlers) apiListMatters(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, err := pageLimit(q.Get("limit"))
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	found, err := s.listVisible(r, matters.Filter{Status: matter.Status(q.Get("status")),
		PracticeArea: q.Get("practice_area"), ResponsibleLawyer: q.Get("responsible"), Limit: limit, Before: q.Get("after")})
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
	page := map[string]any{"items": items}
	if len(found) == limit {
		page["next"] = found[len(found)-1].Number
	}
	web.WriteJSON(w, http.StatusOK, page)
}

// pageLimit reads a list's limit: default 100, 1 to 500.
func pageLimit(v string) (int, error) {
	if v == "" {
		return 100, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 500 {
		return 0, web.BadRequest(web.ErrMalformed, "limit", "request.limit", "limit is a whole number from 1 to 500")
	}
	return n, nil
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
