package casework

import (
	"net/http"
	"strings"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/matters"
)

// mattersPage is the view of the matter list and of a matter search.
type mattersPage struct {
	Rows      []matterRow
	Status    string
	Area      string
	Lawyer    string
	Statuses  []matter.Status
	Areas     []string
	Lawyers   []web.StaffOption
	Query     string
	Searched  bool
	CanCreate bool
}

// matterRow is one line of the list.
type matterRow struct {
	matters.Matter
	Clients []web.ContactRef
	Lawyer  string
}

// listMatters shows the matters the member works on, newest first. The
// filters may sit in the URL: a status, a practice area and a staff ID
// say nothing about anyone.
func (s *Handlers) listMatters(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := mattersPage{Status: q.Get("status"), Area: q.Get("area"), Lawyer: q.Get("lawyer")}
	found, err := s.listVisible(r, matters.Filter{Status: matter.Status(page.Status), PracticeArea: page.Area,
		ResponsibleLawyer: page.Lawyer, Limit: 100})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.showMatters(w, r, page, found)
}

// searchMatters finds matters by number or title among those the member
// may see. It is a POST so that what was searched for stays out of URLs.
func (s *Handlers) searchMatters(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, web.FormError(err))
		return
	}
	page := mattersPage{Query: strings.TrimSpace(r.PostForm.Get("q")), Searched: true}
	found, err := s.listVisible(r, matters.Filter{Limit: 500})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.showMatters(w, r, page, matchingMatters(found, page.Query))
}

func matchingMatters(found []matters.Matter, q string) []matters.Matter {
	q = strings.ToLower(q)
	var out []matters.Matter
	for _, m := range found {
		if q != "" && (strings.Contains(strings.ToLower(m.Title), q) || strings.Contains(m.Number, q)) {
			out = append(out, m)
		}
	}
	return out
}

// listVisible is matters.List for the principal: need-to-know and walls.
func (s *Handlers) listVisible(r *http.Request, f matters.Filter) ([]matters.Matter, error) {
	g, err := s.MatterGate(r)
	if err != nil {
		return nil, err
	}
	f.Viewer, f.WalledTargets = g.Viewer(), s.memoWalls(r)
	return s.deps.MatterReads.List(r.Context(), f)
}

// memoWalls are the walls matterGate read for this request.
func (s *Handlers) memoWalls(r *http.Request) []access.Target {
	t, _ := s.WalledTargets(r)
	return t
}

// showMatters names each row's clients and lawyer, logs the view and
// renders the list.
func (s *Handlers) showMatters(w http.ResponseWriter, r *http.Request, page mattersPage, found []matters.Matter) {
	members, err := s.ActiveStaff(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	names := web.NamesOf(members)
	var ids []string
	for _, m := range found {
		ids = append(ids, m.ClientIDs...)
	}
	byID, err := s.ContactRefsByID(r, ids) // one read for every row's clients
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var subjects []string
	for _, m := range found {
		clients := make([]web.ContactRef, 0, len(m.ClientIDs))
		for _, id := range m.ClientIDs {
			clients = append(clients, byID[id])
		}
		page.Rows = append(page.Rows, matterRow{Matter: m, Clients: clients, Lawyer: names[m.ResponsibleLawyer]})
		subjects = append(append(subjects, matter.Subject(m.ID)), web.Shown(clients)...)
	}
	if err := s.RecordView(r, subjects); err != nil {
		s.Fail(w, r, err)
		return
	}
	p, _ := web.PrincipalOf(r.Context())
	page.Statuses, page.Areas, page.CanCreate = matter.Statuses, s.deps.Matters.PracticeAreas(), p.Can(access.MatterCreate)
	page.Lawyers = web.StaffOptions(members, true, page.Lawyer)
	s.RenderPage(w, r, http.StatusOK, "matters", page)
}
