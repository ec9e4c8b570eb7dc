package audit

import (
	"errors"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/audit/history"
)

// auditContactPage is a contact as it stood at a moment and its events up
// to then.
type auditContactPage struct {
	ID           string
	AsOf         asOf
	Exists       bool // the contact had been registered by then
	State        history.ContactState
	Affiliations []auditAffiliation
	Events       []auditEventRow
}

// auditAffiliation is an organisation the person belonged to then.
type auditAffiliation struct {
	Organisation web.ContactRef
	Role         string
}

// Form is the page's "show as of" form.
func (p auditContactPage) Form() asOfForm {
	return asOfForm{Action: "/audit/contacts/" + p.ID, AsOf: p.AsOf}
}

// IsPerson tells the template which details to show.
func (p auditContactPage) IsPerson() bool { return p.State.Kind == contact.KindPerson }

// showAuditContact: GET /audit/contacts/{id}?as_of=&as_of_time=. The
// route's unwalled guard has already refused a walled contact.
func (s *Handlers) showAuditContact(w http.ResponseWriter, r *http.Request) {
	at, err := parseAsOf(r.URL.Query().Get("as_of"), r.URL.Query().Get("as_of_time"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page, subjects, err := s.auditContact(r, chi.URLParam(r, "id"), at)
	if err == nil {
		err = s.recordAudit(r, subjects)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "audit_contact", page)
}

// auditContact replays the contact's stream up to the moment. It returns
// the subjects the page shows.
func (s *Handlers) auditContact(r *http.Request, rawID string, at asOf) (auditContactPage, []string, error) {
	u, err := uuid.Parse(strings.TrimSpace(rawID))
	if err != nil {
		return auditContactPage{}, nil, web.ErrNoSuchContact
	}
	id := u.String()
	then, err := s.deps.History.Read(r.Context(), contact.StreamName(id), at.cut, false)
	if errors.Is(err, history.ErrNoStream) {
		return auditContactPage{}, nil, web.ErrNoSuchContact
	}
	walls, werr := s.auditWalls(r)
	names, nerr := s.StaffNames(r)
	if err = errors.Join(err, werr, nerr); err != nil {
		return auditContactPage{}, nil, err
	}
	page := auditContactPage{ID: id, AsOf: at, Exists: len(then) > 0, State: history.FoldContact(contact.StreamName(id), then)}
	rows, subjects := auditEventRows(web.LangOf(r.Context()), then, names, walls)
	page.Events = rows
	orgs, err := s.auditAffiliations(r, &page)
	return page, append(append(subjects, id), orgs...), err
}

// auditAffiliations names the organisations of the person then; a walled
// one shows as hidden.
func (s *Handlers) auditAffiliations(r *http.Request, page *auditContactPage) ([]string, error) {
	ids := make([]string, len(page.State.Affiliations))
	for i, a := range page.State.Affiliations {
		ids[i] = a.OrganisationID
	}
	refs, err := s.ContactRefs(r, ids)
	if err != nil {
		return nil, err
	}
	for i, a := range page.State.Affiliations {
		page.Affiliations = append(page.Affiliations, auditAffiliation{Organisation: refs[i], Role: a.Role})
	}
	return web.Shown(refs), nil
}
