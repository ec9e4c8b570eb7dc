package audit

import (
	"errors"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/audit/history"
)

// auditMatterPage is a matter as it stood at a moment: its state, who had
// access then, and its events up to then.
type auditMatterPage struct {
	ID      string
	AsOf    asOf
	Exists  bool // the matter had been opened by then
	State   history.MatterState
	Lawyer  string
	Parties []auditParty
	Members []string // names
	Grants  []string // names
	Walls   []auditWall
	Events  []auditEventRow
}

// auditParty is one party then, named as the contact read model names
// them now (through the walls).
type auditParty struct {
	Ref  web.ContactRef
	Role matter.PartyRole
}

// showAuditMatter: GET /audit/matters/{id}?as_of=&as_of_time=.
func (s *Handlers) showAuditMatter(w http.ResponseWriter, r *http.Request) {
	at, err := parseAsOf(r.URL.Query().Get("as_of"), r.URL.Query().Get("as_of_time"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page, subjects, err := s.auditMatter(r, chi.URLParam(r, "id"), at)
	if err == nil {
		err = s.recordAudit(r, subjects)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "audit_matter", page)
}

// auditMatter replays the matter's stream, refuses it as an unknown
// matter when a wall keeps the principal away, and fills the page. It
// returns the subjects the page shows.
func (s *Handlers) auditMatter(r *http.Request, rawID string, at asOf) (auditMatterPage, []string, error) {
	u, err := uuid.Parse(strings.TrimSpace(rawID))
	if err != nil {
		return auditMatterPage{}, nil, web.ErrNoSuchMatter
	}
	id := u.String()
	all, err := s.deps.History.Read(r.Context(), matter.StreamName(id), history.Cutoff{}, false)
	if errors.Is(err, history.ErrNoStream) {
		return auditMatterPage{}, nil, web.ErrNoSuchMatter
	}
	walls, werr := s.auditWalls(r)
	if err = errors.Join(err, werr); err != nil {
		return auditMatterPage{}, nil, err
	}
	then := upTo(all, at)
	page := auditMatterPage{ID: id, AsOf: at, Exists: len(then) > 0, State: history.FoldMatter(matter.StreamName(id), then)}
	if walls.matter(id, history.FoldMatter(matter.StreamName(id), all).Clients(), page.State.Clients()) {
		s.Refused(r, principalID(r), "walled")
		return auditMatterPage{}, nil, web.ErrNoSuchMatter
	}
	subjects, err := s.fillAuditMatter(r, &page, then, walls)
	return page, append(subjects, matter.Subject(id)), err
}

// fillAuditMatter names the people on the page and folds the walls then.
func (s *Handlers) fillAuditMatter(r *http.Request, page *auditMatterPage, then []history.Event, walls auditWalls) ([]string, error) {
	names, err := s.StaffNames(r)
	if err != nil {
		return nil, err
	}
	st := page.State
	lang := web.LangOf(r.Context())
	page.Lawyer = web.ActorName(lang, names, st.ResponsibleLawyer)
	page.Members, page.Grants = namesFor(lang, names, st.TeamMembers), namesFor(lang, names, st.Grants)
	subjects, err := s.auditParties(r, page)
	if err != nil {
		return nil, err
	}
	rows, shown := auditEventRows(web.LangOf(r.Context()), then, names, walls)
	page.Events = rows
	page.Walls, err = s.auditWallsThen(r, page, names)
	return append(subjects, shown...), err
}

// auditParties names the parties then; a walled contact shows as hidden.
func (s *Handlers) auditParties(r *http.Request, page *auditMatterPage) ([]string, error) {
	ids := make([]string, len(page.State.Parties))
	for i, p := range page.State.Parties {
		ids[i] = p.ContactID
	}
	refs, err := s.ContactRefs(r, ids)
	if err != nil {
		return nil, err
	}
	for i, p := range page.State.Parties {
		page.Parties = append(page.Parties, auditParty{Ref: refs[i], Role: p.Role})
	}
	return web.Shown(refs), nil
}

// upTo is the events recorded by the moment at: a prefix, as versions
// commit in order.
func upTo(events []history.Event, at asOf) []history.Event {
	for i, e := range events {
		if !at.includes(e.RecordedAt) {
			return events[:i]
		}
	}
	return events
}

func namesFor(lang i18n.Lang, names map[string]string, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = web.ActorName(lang, names, id)
	}
	return out
}

// principalID is the signed-in member's staff ID.
func principalID(r *http.Request) string {
	p, _ := web.PrincipalOf(r.Context())
	return p.StaffID
}

// matterTarget is the wall target of a matter.
func matterTarget(id string) access.Target { return access.Target{Kind: access.TargetMatter, ID: id} }

// Form is the page's "show as of" form.
func (p auditMatterPage) Form() asOfForm {
	return asOfForm{Action: "/audit/matters/" + p.ID, AsOf: p.AsOf}
}
