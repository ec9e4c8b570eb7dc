package audit

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/audit"
	"github.com/klient-crm/klient/projections/staff"
)

// auditTrailPage is the audit trail search: filters, one page of changes
// and reads newest first, and the link to the next (older) page.
type auditTrailPage struct {
	Query   auditQuery
	Rows    []auditTrailRow
	Members []staff.Member
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
// dates, nothing personal, so they may sit in the URL.
func (s *Handlers) showAuditTrail(w http.ResponseWriter, r *http.Request) {
	q := auditQueryOf(r.URL.Query())
	page := auditTrailPage{Query: q, CSV: template.URL("/audit/trail.csv?" + q.values("").Encode())} // built by url.Values: safe
	members, err := s.Shared().Staff.List(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Members = members
	f, err := q.filter(q.pageSize())
	if err != nil {
		page.Error = i18n.T(web.LangOf(r.Context()), codeOf(err))
		s.RenderPage(w, r, http.StatusBadRequest, "audit", page)
		return
	}
	found, subjects, err := s.auditSearch(r, f, web.NamesOf(members))
	if err == nil {
		err = s.recordAudit(r, subjects)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Rows = found.rows
	if !found.next.IsZero() {
		page.Older = template.URL("/audit?" + q.values(found.next.String()).Encode()) // built by url.Values: safe
	}
	s.RenderPage(w, r, http.StatusOK, "audit", page)
}

// auditFound is one page of the trail as the principal may see it.
type auditFound struct {
	rows []auditTrailRow
	raw  []audit.Row
	next audit.Cursor
}

// auditSearch reads one page of the trail and drops the lines about
// records a wall keeps the principal from; the cursor still moves past
// them. It returns the subjects the kept lines name.
func (s *Handlers) auditSearch(r *http.Request, f audit.Filter, names map[string]string) (auditFound, []string, error) {
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
		found.rows = append(found.rows, auditTrailRowOf(row, names))
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

// auditQuery is the trail's filters as typed.
type auditQuery struct {
	Actor, Subject, Matter, Type string
	From, To                     string // dates, YYYY-MM-DD in Stockholm
	Limit                        string // lines a page, as typed; "" is auditTrailPageSize
	After                        string // the page token
}

func auditQueryOf(v url.Values) auditQuery {
	get := func(k string) string { return strings.TrimSpace(v.Get(k)) }
	return auditQuery{Actor: get("actor"), Subject: get("subject"), Matter: get("matter"), Type: get("type"),
		From: get("from"), To: get("to"), Limit: get("limit"), After: get("after")}
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
