package http

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/communications"
)

// errNotYourEntry: the log is the firm's record of what was said, so
// only whoever wrote an entry, or a lawyer on its matter, may correct it.
var errNotYourEntry = domain.Forbidden("only whoever logged this entry, or a lawyer on its matter, can correct it").
	WithCode("communication.correct.not_allowed")

// correctableEntry reads the entry the path names as the principal may
// see it (else not found) and says whether they may correct it.
func (s *server) correctableEntry(r *http.Request) (communications.Entry, error) {
	id := chi.URLParam(r, "id")
	ok, err := s.canSeeEntry(r, id)
	if err == nil && !ok {
		err = errNoSuchEntry
	}
	var e communications.Entry
	if err == nil {
		e, err = s.deps.Casework.CommunicationLog.Get(r.Context(), id)
	}
	if err == nil && !s.mayCorrect(r, e) {
		err = errNotYourEntry
	}
	if err == nil {
		err = s.refuseArchived(r, e.MatterID)
	}
	return e, err
}

// mayCorrect: the entry's author, or a lawyer responsible for or on the
// team of the matter the entry is filed under.
func (s *server) mayCorrect(r *http.Request, e communications.Entry) bool {
	p, _ := web.PrincipalOf(r.Context())
	if e.LoggedBy == p.StaffID {
		return true
	}
	if e.MatterID == "" || !slices.Contains(p.Roles, access.RoleLawyer) {
		return false
	}
	m, err := s.VisibleMatter(r, e.MatterID)
	return err == nil && (m.ResponsibleLawyer == p.StaffID || slices.Contains(m.TeamMembers, p.StaffID))
}

// withCorrectLinks gives every entry the member may correct the address
// of its correction form, which comes back to back.
func (s *server) withCorrectLinks(r *http.Request, views []entryView, back string) {
	p, _ := web.PrincipalOf(r.Context())
	if !p.Can(access.CommunicationLog) {
		return
	}
	for i, v := range views {
		if !v.Erased && !v.Deleted && s.mayCorrect(r, v.Entry) && s.refuseArchived(r, v.MatterID) == nil {
			views[i].CorrectHref = "/communications/" + v.ID + "/edit?return=" + url.QueryEscape(back)
		}
	}
}
