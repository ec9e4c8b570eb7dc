package admin

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/staff"
)

// accessLogPage is the view of the access-log search: filters, one page
// of entries newest first, and the cursor of the next (older) page.
type accessLogPage struct {
	Staff, Subject string
	From, To       string // dates, as typed
	Entries        []accesslog.Entry
	Members        []staff.Member
	Names          map[string]string
	Older          template.URL // the next (older) page, or ""
	Error          string
	RefusedOnly    bool // only refused attempts
}

// accessLogPageSize is how many entries one page shows.
const accessLogPageSize = 50

// accessLogPage searches who saw whose data. The filters are IDs and
// dates, nothing personal, so they may sit in the URL.
func (s *Handlers) accessLogPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := accessLogPage{Staff: q.Get("staff"), Subject: strings.TrimSpace(q.Get("subject")),
		From: q.Get("from"), To: q.Get("to"), RefusedOnly: q.Get("refused") != ""}
	f, ok := page.filter(q.Get("before"))
	p, _ := web.PrincipalOf(r.Context())
	f.Viewer = p.StaffID // one's own refusals would tell what exists behind a wall
	if !ok {
		page.Error = i18n.T(web.LangOf(r.Context()), "accesslog.filter.bad_date")
	}
	entries, err := s.Shared().AccessLog.Search(r.Context(), f)
	var members []staff.Member
	if err == nil {
		members, err = s.Shared().Staff.List(r.Context())
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Entries, page.Members, page.Names = entries, members, map[string]string{}
	for _, m := range members {
		page.Names[m.ID] = m.Name
	}
	if len(entries) == accessLogPageSize {
		page.Older = template.URL("/admin/access-log?" + page.next(entries[len(entries)-1].ID)) // built by url.Values: safe
	}
	s.RenderPage(w, r, http.StatusOK, "accesslog", page)
}

// filter builds the search; ok is false when a date could not be read (it
// is then left out rather than guessed).
func (p accessLogPage) filter(before string) (accesslog.Filter, bool) {
	f := accesslog.Filter{StaffID: p.Staff, Subject: p.Subject, Limit: accessLogPageSize, RefusedOnly: p.RefusedOnly}
	f.Before, _ = strconv.ParseInt(before, 10, 64)
	from, ok1 := web.ParseDay(p.From)
	to, ok2 := web.ParseDay(p.To)
	f.From = from
	if !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // "to" includes the whole day
	}
	return f, ok1 && ok2
}

// next is the query string of the page after the entry with ID last.
func (p accessLogPage) next(last int64) string {
	v := url.Values{}
	for k, val := range map[string]string{"staff": p.Staff, "subject": p.Subject, "from": p.From, "to": p.To} {
		if val != "" {
			v.Set(k, val)
		}
	}
	if p.RefusedOnly {
		v.Set("refused", "1")
	}
	v.Set("before", strconv.FormatInt(last, 10))
	return v.Encode()
}
