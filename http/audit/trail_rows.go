package audit

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/audit"
)

// errAuditFilterDate: a from or to date that could not be read.
var errAuditFilterDate = web.BadRequest(web.ErrMalformed, "from", "audit.filter.bad_date",
	"the dates must be written YYYY-MM-DD, for example 2026-03-12")

// errAuditFilterLimit: a page size that is not a positive whole number.
var errAuditFilterLimit = web.BadRequest(web.ErrMalformed, "limit", "audit.filter.bad_limit",
	"the number of lines a page must be a whole number above zero")

// errAuditFilterText: a search value with a NUL byte or bytes that are no
// UTF-8, which PostgreSQL refuses as text (SQLSTATE 22021): bad input, not
// a failure of ours.
var errAuditFilterText = web.BadRequest(web.ErrMalformed, "type", "audit.filter.bad_text",
	"the search holds characters that cannot be searched for")

// filter is the search the query asks for, limit lines a page, for
// viewer. Dates are whole days in Stockholm: "to" includes its day. The
// viewer's own reads are left out unless asked for, or unless the search
// is for what the viewer did.
func (q auditQuery) filter(limit int, viewer string) (audit.Filter, error) {
	f := audit.Filter{Actor: q.Actor, Subject: canonicalUUID(q.Subject), MatterID: canonicalUUID(q.Matter),
		Type: q.Type, Limit: limit}
	if !q.Own && q.Actor != viewer {
		f.HideReadsBy = viewer
	}
	if err := q.searchable(); err != nil {
		return f, err
	}
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

// searchable is errAuditFilterText when a search value holds what no text
// in the database can: asked before anything is looked up by it.
func (q auditQuery) searchable() error {
	for _, v := range []string{q.Actor, q.Subject, q.Matter, q.Type} {
		if !web.Readable(v) {
			return errAuditFilterText
		}
	}
	return nil
}

// canonicalUUID writes a UUID as the commands store it; anything else is
// kept as typed (a matter's subject, a system ID).
func canonicalUUID(s string) string {
	if u, err := uuid.Parse(s); err == nil {
		return u.String()
	}
	return s
}

// auditTrailRow is one line of the trail page, in words: who, what, whom
// and which record, never an ID.
type auditTrailRow struct {
	Access   bool // a read (access log), else a change (event)
	At       time.Time
	Stamp    string // At to the second
	Actor    string // name
	What     string // the event or the read in words
	Type     string // the event type or action as stored, for the page's machine-readable side
	Subjects []auditLink
	Record   auditLink // the record a change belongs to, and its history page
}

// auditLink is something the line names, in words, and the history page
// that shows it ("" when there is none, or the reader may not know it).
type auditLink struct{ Name, Href string }

// trailRows names the lines' people, matters and records in one read.
func (s *Handlers) trailRows(r *http.Request, rows []audit.Row) ([]auditTrailRow, error) {
	names, err := s.StaffNames(r)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, row := range rows {
		ids = append(ids, row.Subjects...)
		if row.MatterID != "" {
			ids = append(ids, matter.Subject(row.MatterID))
		}
		if id := streamSubject(row.Stream); id != "" {
			ids = append(ids, id)
		}
	}
	refs, err := s.NameSubjects(r, ids)
	if err != nil {
		return nil, err
	}
	lang := web.LangOf(r.Context())
	out := make([]auditTrailRow, 0, len(rows))
	for _, row := range rows {
		out = append(out, trailRow(lang, row, names, refs))
	}
	return out, nil
}

func trailRow(lang i18n.Lang, r audit.Row, names map[string]string, refs map[string]web.SubjectRef) auditTrailRow {
	row := auditTrailRow{Access: r.Kind == audit.KindAccess, At: r.At, Stamp: stamp(r.At),
		Actor: web.ActorName(lang, names, r.Actor), Type: r.Type}
	for _, id := range r.Subjects {
		ref := refs[id]
		link := auditLink{Name: ref.Name}
		if !ref.Unknown && !ref.Erased {
			link.Href = subjectHistory(ref)
		}
		row.Subjects = append(row.Subjects, link)
	}
	if row.Access {
		row.What = web.AccessWords(lang, access.Action(r.Type), accesslog.Via(r.Via))
		return row
	}
	row.What = eventName(lang, r.Type)
	row.Record = recordOf(lang, r, refs)
	return row
}

// streamSubject is the data subject a stream is about when its name says
// so: a contact's, a staff member's, a person's register of bases and
// consents; else "".
func streamSubject(stream string) string {
	for _, prefix := range []string{contact.StreamName(""), access.StaffStreamName(""), gdpr.SubjectStreamName("")} {
		if id, ok := strings.CutPrefix(stream, prefix); ok {
			return id
		}
	}
	if id, ok := strings.CutPrefix(stream, matter.StreamName("")); ok && uuid.Validate(id) == nil {
		return matter.Subject(id)
	}
	return ""
}

// recordOf is the record a change belongs to, in words ("Ärende
// 2026-0042 Tvist", "Uppgift i ärende 2026-0042 Tvist", "Kontakt Anna
// Berg"), with its history page; one the reader may not know of has no
// link.
func recordOf(lang i18n.Lang, r audit.Row, refs map[string]web.SubjectRef) auditLink {
	kind, rest, _ := strings.Cut(r.Stream, "-")
	link := auditLink{Href: "/audit/streams/" + url.PathEscape(r.Stream)}
	switch id := streamSubject(r.Stream); {
	case id != "": // contact, matter, staff member, a person's register
		ref := refs[id]
		link.Name = i18n.T(lang, "audit.record."+kind, ref.Name)
		link.Href = subjectHistory(ref)
		if ref.Unknown || ref.Erased {
			link.Href = ""
		}
	case kind == "workflow" && strings.HasPrefix(rest, "template-"):
		link.Name = i18n.T(lang, "audit.record.workflow_template", strings.TrimPrefix(rest, "template-"))
	case kind == "matter":
		link.Name = i18n.T(lang, "audit.record.numbering")
	case !i18n.Has("audit.record." + kind):
		link.Name = i18n.T(lang, "audit.record.other")
	default:
		link.Name = i18n.T(lang, "audit.record."+kind)
		if m := refs[matter.Subject(r.MatterID)]; r.MatterID != "" && !m.Unknown && i18n.Has("audit.record."+kind+"_in") {
			link.Name = i18n.T(lang, "audit.record."+kind+"_in", m.Matter)
		}
	}
	return link
}

// subjectHistory is the history page of a data subject: a matter's or a
// contact's; a staff member's is their stream's.
func subjectHistory(ref web.SubjectRef) string {
	switch ref.Kind {
	case web.SubjectMatter:
		return "/audit/matters/" + ref.MatterID()
	case web.SubjectContact:
		return "/audit/contacts/" + ref.ID
	case web.SubjectStaff:
		return "/audit/streams/" + access.StaffStreamName(ref.ID)
	}
	return ""
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
