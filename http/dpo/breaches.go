package dpo

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/access"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// breachView is a breach as the pages and the API show it: its clock read
// at the deps' clock, the staff named.
type breachView struct {
	dpomodel.Breach
	Status         string // running, reported, not_reported
	Running        bool
	HoursLeft      int
	Overdue        bool // the clock passed 72 hours (while running, or when it stopped)
	OverdueHours   int  // how many hours past, once Overdue
	Deadline       time.Time
	SupplementsDue time.Time // four weeks after the notification (art. 33.4); zero before it
	RecordedByName string
	AssessedByName string
}

// Status words of a breach.
const (
	statusRunning     = "running"
	statusReported    = "reported"
	statusNotReported = "not_reported"
)

// view reads b's clock at now and names its staff from names.
func view(b dpomodel.Breach, now time.Time, names map[string]string) breachView {
	c := b.Clock()
	v := breachView{Breach: b, Running: c.Running(), HoursLeft: c.HoursLeft(now), Overdue: c.Overdue(now),
		OverdueHours: -c.HoursLeft(now), Deadline: c.Deadline, RecordedByName: nameOf(names, b.RecordedBy), AssessedByName: nameOf(names, b.AssessedBy)}
	switch {
	case !b.ReportedAt.IsZero():
		v.Status, v.SupplementsDue = statusReported, b.ReportedAt.Add(domaindpo.SupplementWindow)
	case !b.NotReportedAt.IsZero():
		v.Status = statusNotReported
	default:
		v.Status = statusRunning
	}
	return v
}

// nameOf is a staff member's name, or nothing for a system job or one
// the directory no longer knows (never an ID on a page).
func nameOf(names map[string]string, id string) string {
	if id == "" {
		return ""
	}
	return names[id]
}

// breachViews reads the staff directory once and views every breach.
func (s *Handlers) breachViews(r *http.Request, list []dpomodel.Breach) ([]breachView, error) {
	names, err := s.StaffNames(r)
	if err != nil {
		return nil, err
	}
	now := s.deps.Clock()
	out := make([]breachView, len(list))
	for i, b := range list {
		out[i] = view(b, now, names)
	}
	return out, nil
}

// breachOf reads the breach the path names; an ID that is no UUID is as
// unknown as one nobody recorded.
func (s *Handlers) breachOf(r *http.Request) (breachView, error) {
	b, err := s.deps.Register.Breach(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		return breachView{}, err
	}
	views, err := s.breachViews(r, []dpomodel.Breach{b})
	if err != nil {
		return breachView{}, err
	}
	return views[0], nil
}

// mayDecide reports whether the signed-in member may record and decide
// (the DPO), rather than only read (an auditor).
func mayDecide(r *http.Request) bool {
	p, ok := web.PrincipalOf(r.Context())
	return ok && p.Can(access.GDPRManage)
}

// localTime reads a datetime-local field's value as Stockholm time; empty
// is the zero time.
func localTime(field, v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, i18n.Stockholm); err == nil {
			return t, nil
		}
	}
	return time.Time{}, web.BadRequest(web.ErrMalformed, field, "breach.time.invalid", "give a date and time")
}

// localValue writes t for a datetime-local field (Stockholm time).
func localValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(i18n.Stockholm).Format("2006-01-02T15:04")
}

// count reads a whole number of people or records; empty is 0.
func count(field, v string) (int, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, web.BadRequest(web.ErrMalformed, field, "breach.number.invalid", "give a whole number")
	}
	return n, nil
}
