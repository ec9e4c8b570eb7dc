package casework

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/work"
)

// errNoSuchFeed answers a feed URL whose token is unknown, revoked, or
// whose member may no longer have a feed: all alike.
var errNoSuchFeed = domain.NotFound("there is no such calendar feed").WithCode("calendar.not_found")

// createFeed makes the member's feed URL (replacing an earlier one, which
// stops working) and shows it once: only its hash is kept.
func (s *Handlers) createFeed(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	token, err := s.deps.WorkReads.CreateFeedToken(r.Context(), p.StaffID, time.Now())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusCreated, "secret", web.SecretPage{Title: "calendar.created.title",
		Lead: "calendar.created.lead", Secret: s.Origin(r) + "/calendar/" + token + ".ics", Back: "/account"})
}

// revokeFeed stops the member's feed URL at once.
func (s *Handlers) revokeFeed(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	if err := s.deps.WorkReads.RevokeFeedToken(r.Context(), p.StaffID, time.Now()); err != nil {
		s.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/account?done=feed_revoked", http.StatusSeeOther)
}

// askRevokeFeed: the calendar programs subscribed to the link lose it at
// once, and it cannot be turned on again.
func (s *Handlers) askRevokeFeed(*http.Request) (*web.Confirmation, error) {
	return &web.Confirmation{Question: "confirm.calendar.revoke", Consequence: "confirm.calendar.revoke.consequence",
		Button: "confirm.calendar.revoke.button", Back: "/account"}, nil
}

// calendarFeed serves GET /calendar/{token}.ics: a calendar app has no
// session, so the secret token alone says whose feed it is. The feed is
// cut to what that member may see now (need-to-know and walls, as on the
// pages), and its reading is logged with via "calendar".
func (s *Handlers) calendarFeed(w http.ResponseWriter, r *http.Request) {
	r, err := s.feedReader(r, strings.TrimSpace(chi.URLParam(r, "token")))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p, _ := web.PrincipalOf(r.Context())
	reads := s.deps.WorkReads
	items, err := reads.CalendarFor(r.Context(), p.StaffID, p.Teams, time.Now())
	var subjects []string
	if err == nil {
		items, subjects, err = s.visibleItems(r, items)
	}
	var buf bytes.Buffer
	if err == nil {
		err = reads.WriteCalendar(&buf, p.StaffID, items)
	}
	if err == nil {
		err = s.RecordAccess(r, p.StaffID, access.CalendarFeed, accesslog.ViaCalendar, subjects)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	_, _ = w.Write(buf.Bytes())
}

// feedReader finds whose feed token is and lets the request act for them,
// if they are active and their roles still give them a feed.
func (s *Handlers) feedReader(r *http.Request, token string) (*http.Request, error) {
	staffID, live, err := s.deps.WorkReads.StaffForFeedToken(r.Context(), token)
	if err != nil || !live {
		return r, web.FirstErr(err, errNoSuchFeed)
	}
	m, err := s.ActiveMember(r.Context(), staffID)
	if err != nil || !access.Allows(m.Roles, access.CalendarFeed) {
		return r, errNoSuchFeed
	}
	return web.WithPrincipal(r, web.Principal{StaffID: m.ID, Roles: m.Roles, Teams: m.Teams, Via: accesslog.ViaCalendar,
		Action: access.CalendarFeed, Memo: &web.RequestMemo{}}), nil
}

// visibleItems keeps the deadlines and tasks of matters the member may
// see, and returns whose text they carry.
func (s *Handlers) visibleItems(r *http.Request, items work.CalendarItems) (work.CalendarItems, []string, error) {
	var subjects []string
	deadlines := items.Deadlines[:0:0]
	for _, d := range items.Deadlines {
		ok, err := s.CanSeeMatter(r, d.MatterID)
		if err != nil {
			return items, nil, err
		}
		if ok {
			deadlines, subjects = append(deadlines, d), append(subjects, "matter-"+d.MatterID)
		}
	}
	tasks := items.Tasks[:0:0]
	for _, t := range items.Tasks {
		_, ok, err := s.taskLink(r, t)
		if err != nil {
			return items, nil, err
		}
		if ok {
			tasks = append(tasks, t)
			subjects = append(subjects, taskSubjects([]taskView{{Task: t}}, nil)...)
		}
	}
	items.Deadlines, items.Tasks = deadlines, slices.Clip(tasks)
	return items, subjects, nil
}
