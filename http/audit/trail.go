package audit

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/audit"
	"github.com/klient-crm/klient/projections/staff"
)

// auditTrailPage is the audit trail search: filters, one page of changes
// and reads newest first, and the link to the next (older) page. The
// person and the matter are picked by search (Picking: the page offers
// the matches instead of lines).
type auditTrailPage struct {
	Query   auditQuery
	Rows    []auditTrailRow
	Members []staff.Member
	Kinds   []kindGroup
	Person  web.Picker
	Matter  web.Picker
	Picking bool
	Older   template.URL // the next (older) page, or ""
	CSV     template.URL // this search as CSV
	Error   string       // why the filters could not be used
}

// auditTrailPageSize is how many lines one page shows unless the query
// asks for up to auditTrailMaxPage.
const (
	auditTrailPageSize = 50
	auditTrailMaxPage  = 500
)

// showAuditTrail: GET /audit. The filters are IDs, an event type and
// dates, nothing personal, so they may sit in the URL; words typed to
// find a person or a matter are posted (pickAuditFilter).
func (s *Handlers) showAuditTrail(w http.ResponseWriter, r *http.Request) {
	q := auditQueryOf(r.URL.Query())
	if err := q.searchable(); err != nil {
		q = auditQuery{} // the page names the chosen filters: none, then
		page, perr := s.trailPage(r, q)
		if perr != nil {
			s.Fail(w, r, perr)
			return
		}
		page.Error = i18n.T(web.LangOf(r.Context()), codeOf(err))
		s.RenderPage(w, r, http.StatusBadRequest, "audit", page)
		return
	}
	page, err := s.trailPage(r, q)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f, err := q.filter(q.pageSize(), principalID(r))
	if err != nil {
		page.Error = i18n.T(web.LangOf(r.Context()), codeOf(err))
		s.RenderPage(w, r, http.StatusBadRequest, "audit", page)
		return
	}
	found, subjects, err := s.auditSearch(r, f)
	if err == nil {
		page.Rows, err = s.trailRows(r, found.raw)
	}
	if err == nil {
		err = s.recordAudit(r, subjects)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if !found.next.IsZero() {
		page.Older = template.URL("/audit?" + q.values(found.next.String()).Encode()) // built by url.Values: safe
	}
	s.RenderPage(w, r, http.StatusOK, "audit", page)
}

// pickAuditFilter: POST /audit, the filter form. Words typed into the
// person's or the matter's search find what matches, which the page
// offers to choose from; without words the chosen filters go to GET
// /audit, IDs only.
func (s *Handlers) pickAuditFilter(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	q := auditQueryOf(r.PostForm)
	person, matterWords := strings.TrimSpace(r.PostForm.Get("subject_q")), strings.TrimSpace(r.PostForm.Get("matter_q"))
	if err := (auditQuery{Actor: person, Subject: matterWords}).searchable(); err != nil || q.searchable() != nil {
		s.Fail(w, r, errAuditFilterText)
		return
	}
	if person == "" && matterWords == "" {
		http.Redirect(w, r, "/audit?"+q.values("").Encode(), http.StatusSeeOther)
		return
	}
	page, err := s.trailPage(r, q)
	if err == nil {
		err = s.Offer(r, &page.Person, person, s.FindPeople)
	}
	if err == nil {
		err = s.Offer(r, &page.Matter, matterWords, s.FindMatters)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Picking = true
	s.RenderPage(w, r, http.StatusOK, "audit", page)
}

// trailPage is the page's filters as q has them: the members to choose
// from, the kinds in words, and the person and matter chosen, by name.
func (s *Handlers) trailPage(r *http.Request, q auditQuery) (auditTrailPage, error) {
	page := auditTrailPage{Query: q, CSV: template.URL("/audit/trail.csv?" + q.values("").Encode()), // built by url.Values: safe
		Kinds:  kindGroups(web.LangOf(r.Context()), q.Type),
		Person: web.Picker{Field: "subject", Legend: "audit.field.subject"},
		Matter: web.Picker{Field: "matter", Legend: "audit.field.matter", ByMatter: true}}
	members, err := s.Shared().Staff.List(r.Context())
	if err != nil {
		return page, err
	}
	page.Members = members
	var matterSubject string
	if q.Matter != "" {
		matterSubject = matter.Subject(canonicalUUID(q.Matter))
	}
	names, err := s.NameSubjects(r, []string{q.Subject, matterSubject})
	if ref, ok := names[q.Subject]; ok && q.Subject != "" {
		page.Person.Chosen = &ref
	}
	if ref, ok := names[matterSubject]; ok && matterSubject != "" {
		page.Matter.Chosen = &ref
	}
	return page, err
}

// auditFound is one page of the trail as the principal may see it.
type auditFound struct {
	raw  []audit.Row
	next audit.Cursor
}

// auditSearch reads one page of the trail and drops the lines about
// records a wall keeps the principal from; the cursor still moves past
// them. It returns the subjects the kept lines name.
func (s *Handlers) auditSearch(r *http.Request, f audit.Filter) (auditFound, []string, error) {
	walls, err := s.auditWalls(r)
	if err != nil {
		return auditFound{}, nil, err
	}
	page, err := s.deps.Trail.SearchWithAccessLog(r.Context(), f)
	if err != nil {
		return auditFound{}, nil, err
	}
	found := auditFound{next: page.Next}
	var subjects []string
	memo := map[string]bool{}
	for _, row := range page.Rows {
		if walled, err := s.walledRow(r, walls, row, memo); walled || err != nil {
			if err != nil {
				return auditFound{}, nil, err
			}
			continue
		}
		found.raw = append(found.raw, row)
		subjects = append(subjects, row.Subjects...)
	}
	return found, subjects, nil
}

// codeOf is the catalogue code of a domain error, else the generic one.
func codeOf(err error) string {
	if de, ok := err.(*domain.Error); ok && de.Code != "" {
		return de.Code
	}
	return "problem.invalid.detail"
}

// auditQuery is the trail's filters as chosen.
type auditQuery struct {
	Actor, Subject, Matter, Type string
	From, To                     string // dates, YYYY-MM-DD in Stockholm
	Limit                        string // lines a page, as typed; "" is auditTrailPageSize
	After                        string // the page token
	Own                          bool   // include the searching member's own reads
}

func auditQueryOf(v url.Values) auditQuery {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	return auditQuery{Actor: get("actor"), Subject: get("subject"), Matter: get("matter"), Type: get("type"),
		From: get("from"), To: get("to"), Limit: get("limit"), After: get("after"), Own: get("own") != ""}
}

// values is the query string of this search at page token after.
func (q auditQuery) values(after string) url.Values {
	v := url.Values{}
	for k, val := range map[string]string{"actor": q.Actor, "subject": q.Subject, "matter": q.Matter,
		"type": q.Type, "from": q.From, "to": q.To, "limit": q.Limit, "after": after} {
		if val != "" {
			v.Set(k, val)
		}
	}
	if q.Own {
		v.Set("own", "1")
	}
	return v
}

// pageSize is the lines a page asks for, within bounds; what cannot be
// read as a number is the default (filter refuses it).
func (q auditQuery) pageSize() int {
	n, err := strconv.Atoi(q.Limit)
	if err != nil || n <= 0 {
		return auditTrailPageSize
	}
	return min(n, auditTrailMaxPage)
}
