package audit

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/audit"
)

// errAuditFilterDate: a from or to date that could not be read.
var errAuditFilterDate = web.BadRequest(web.ErrMalformed, "from", "audit.filter.bad_date",
	"the dates must be written YYYY-MM-DD, for example 2026-03-12")

// errAuditFilterLimit: a page size that is not a positive whole number.
var errAuditFilterLimit = web.BadRequest(web.ErrMalformed, "limit", "audit.filter.bad_limit",
	"the number of lines a page must be a whole number above zero")

// filter is the search the query asks for, limit lines a page. Dates are
// whole days in Stockholm: "to" includes its day.
func (q auditQuery) filter(limit int) (audit.Filter, error) {
	f := audit.Filter{Actor: q.Actor, Subject: canonicalUUID(q.Subject), MatterID: canonicalUUID(q.Matter),
		Type: q.Type, Limit: limit}
	from, ok1 := web.ParseDay(q.From)
	to, ok2 := web.ParseDay(q.To)
	if !ok1 || !ok2 {
		return f, errAuditFilterDate
	}
	if n, err := strconv.Atoi(q.Limit); q.Limit != "" && (err != nil || n <= 0) {
		return f, errAuditFilterLimit
	}
	f.From = from
	if !to.IsZero() {
		f.To = to.AddDate(0, 0, 1)
	}
	var err error
	f.After, err = audit.ParseCursor(q.After)
	return f, err
}

// canonicalUUID writes a UUID as the commands store it; anything else is
// kept as typed (a matter's subject, a system ID).
func canonicalUUID(s string) string {
	if u, err := uuid.Parse(s); err == nil {
		return u.String()
	}
	return s
}

// auditTrailRow is one line of the trail page.
type auditTrailRow struct {
	Access   bool // a read (access log), else a change (event)
	At       time.Time
	Stamp    string // At to the second
	Actor    string // name, else ID
	Type     string
	Subjects []auditLink
	Record   string // the history page of the record the line is about, or ""
	Detail   string // the stream and version, or the route read
}

// auditLink is a subject ID and the history page that shows it.
type auditLink struct{ ID, Href string }

func auditTrailRowOf(r audit.Row, names map[string]string) auditTrailRow {
	row := auditTrailRow{Access: r.Kind == audit.KindAccess, At: r.At, Stamp: stamp(r.At), Actor: nameOr(names, r.Actor), Type: r.Type}
	for _, s := range r.Subjects {
		link := auditLink{ID: s}
		if _, isStaff := names[s]; !isStaff {
			link.Href = subjectHistory(s)
		}
		row.Subjects = append(row.Subjects, link)
	}
	if row.Access {
		row.Detail = r.Via + " " + r.Route
	} else {
		row.Detail = r.Stream + " #" + web.Uitoa(r.Version)
		row.Record = streamHistory(r.Stream)
	}
	return row
}

// streamHistory is the history page of an event's stream: the contact's
// or the matter's own, else the stream's events on their own page.
func streamHistory(stream string) string {
	if id, ok := strings.CutPrefix(stream, contact.StreamName("")); ok {
		return "/audit/contacts/" + id
	}
	if id, ok := strings.CutPrefix(stream, matter.StreamName("")); ok && uuid.Validate(id) == nil {
		return "/audit/matters/" + id
	}
	return "/audit/streams/" + url.PathEscape(stream)
}

// subjectHistory is the history page of a data subject: a matter's, or a
// contact's (every contact is a data subject under its own ID).
func subjectHistory(subject string) string {
	if id, ok := strings.CutPrefix(subject, matter.Subject("")); ok {
		return "/audit/matters/" + id
	}
	if uuid.Validate(subject) == nil {
		return "/audit/contacts/" + subject
	}
	return ""
}
