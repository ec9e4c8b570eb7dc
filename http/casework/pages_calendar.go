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
	workdomain "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/i18n"
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

// errTaskForm answers a feed URL asking for tasks in a form there is not.
var errTaskForm = web.BadRequest(web.ErrMalformed, "uppgifter", "calendar.tasks.unknown",
	"uppgifter=vtodo gives tasks as to-dos; leave it out for events")

// calendarFeed serves GET /calendar/{token}.ics: a calendar app has no
// session, so the secret token alone says whose feed it is. The feed is
// cut to what that member may see now (need-to-know and walls, as on the
// pages), and its reading is logged with via "calendar". Tasks are all-day
// events, which every calendar shows; ?uppgifter=vtodo gives them as
// to-dos instead, for a client with a task list.
func (s *Handlers) calendarFeed(w http.ResponseWriter, r *http.Request) {
	var words work.FeedWords
	switch r.URL.Query().Get("uppgifter") {
	case "":
	case "vtodo":
		words.TasksAsTodos = true
	default:
		s.Fail(w, r, errTaskForm)
		return
	}
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
		items, subjects, words.Numbers, err = s.visibleItems(r, items)
	}
	var buf bytes.Buffer
	if err == nil {
		s.nameFeed(r, &words)
		err = reads.WriteCalendar(&buf, p.StaffID, items, words)
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
// see, and returns whose text they carry and the numbers of their matters.
func (s *Handlers) visibleItems(r *http.Request, items work.CalendarItems) (work.CalendarItems, []string, map[string]string, error) {
	var subjects []string
	numbers := map[string]string{}
	ids := make([]string, 0, len(items.Deadlines)+len(items.Tasks))
	for _, d := range items.Deadlines {
		ids = append(ids, d.MatterID)
	}
	for _, t := range items.Tasks {
		ids = append(ids, t.MatterID)
	}
	if err := s.PreloadMatters(r, ids); err != nil {
		return items, nil, nil, err
	}
	deadlines := items.Deadlines[:0:0]
	for _, d := range items.Deadlines {
		link, ok, err := s.matterLinkOf(r, d.MatterID)
		if err != nil {
			return items, nil, nil, err
		}
		if ok {
			deadlines, subjects = append(deadlines, d), append(subjects, "matter-"+d.MatterID)
			numbers[link.ID] = link.Number
		}
	}
	tasks := items.Tasks[:0:0]
	for _, t := range items.Tasks {
		link, ok, err := s.taskLink(r, t)
		if err != nil {
			return items, nil, nil, err
		}
		if ok {
			tasks = append(tasks, t)
			subjects = append(subjects, taskSubjects([]taskView{{Task: t}}, nil)...)
			if link != nil {
				numbers[link.ID] = link.Number
			}
		}
	}
	items.Deadlines, items.Tasks = deadlines, slices.Clip(tasks)
	return items, subjects, numbers, nil
}

// nameFeed gives the feed its categories in the request's language: Swedish,
// as a calendar app asks with no cookie.
func (s *Handlers) nameFeed(r *http.Request, words *work.FeedWords) {
	lang := web.LangOf(r.Context())
	words.Deadline, words.Task = i18n.T(lang, "calendar.category.deadline"), i18n.T(lang, "calendar.category.task")
	words.Kinds = map[workdomain.DeadlineKind]string{}
	for _, k := range workdomain.DeadlineKinds {
		words.Kinds[k] = i18n.T(lang, "deadlines.kind."+string(k))
	}
}
