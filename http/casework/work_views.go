package casework

import (
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
	workdomain "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/web"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
	"github.com/klient-crm/klient/projections/work"
)

// taskView is one task as a list shows it.
type taskView struct {
	work.Task
	AssigneeName string // a staff member's name, or the team's
	Overdue      bool
	Matter       *matterLink // nil for a task outside any matter
}

// matterLink names a matter a task or reminder belongs to.
type matterLink struct {
	ID, Number, Title string
}

// deadlineView is one deadline as a list shows it.
type deadlineView struct {
	work.Deadline
	ResponsibleName string
	Missed          bool
	Matter          *matterLink
}

// today is the date in Stockholm now.
func today() workdomain.Date { return workdomain.DateOf(time.Now()) }

func (s *Handlers) taskViews(r *http.Request, tasks []work.Task, names map[string]string) ([]taskView, error) {
	var out []taskView
	ids := make([]string, 0, len(tasks))
	for _, t := range tasks {
		ids = append(ids, t.MatterID)
	}
	if err := s.PreloadMatters(r, ids); err != nil {
		return nil, err
	}
	for _, t := range tasks {
		link, ok, err := s.taskLink(r, t)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		name := names[t.Assignee.Staff]
		if t.Assignee.IsTeam() {
			name = web.TeamName(t.Assignee.Team, s.deps.Matters.PracticeAreas())
		}
		out = append(out, taskView{Task: t, AssigneeName: name, Overdue: t.Overdue(today()), Matter: link})
	}
	return out, nil
}

// taskLink says whether the principal may see task t, and names its
// matter. A task on a matter is as visible as the matter; one on a
// contact needs the contact unwalled; an internal one is its assignee's
// (or their team's) and its creator's.
func (s *Handlers) taskLink(r *http.Request, t work.Task) (*matterLink, bool, error) {
	if t.MatterID != "" {
		return s.matterLinkOf(r, t.MatterID)
	}
	if t.ContactID != "" {
		h, err := s.Hidden(r)
		return nil, err == nil && !h.Has(t.ContactID), err
	}
	p, _ := web.PrincipalOf(r.Context())
	mine := t.Assignee.Staff == p.StaffID || t.CreatedBy == p.StaffID ||
		(t.Assignee.IsTeam() && slices.Contains(p.Teams, t.Assignee.Team))
	return nil, mine, nil
}

// matterLinkOf names a matter if the principal may see it.
func (s *Handlers) matterLinkOf(r *http.Request, id string) (*matterLink, bool, error) {
	ok, err := s.CanSeeMatter(r, id)
	if err != nil || !ok {
		return nil, false, err
	}
	m, _ := s.VisibleMatter(r, id)
	return &matterLink{ID: id, Number: m.Number, Title: m.Title}, true, nil
}

func (s *Handlers) deadlineViews(r *http.Request, deadlines []work.Deadline, names map[string]string) ([]deadlineView, error) {
	var out []deadlineView
	ids := make([]string, 0, len(deadlines))
	for _, d := range deadlines {
		ids = append(ids, d.MatterID)
	}
	if err := s.PreloadMatters(r, ids); err != nil {
		return nil, err
	}
	for _, d := range deadlines {
		link, ok, err := s.matterLinkOf(r, d.MatterID)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, deadlineView{Deadline: d, ResponsibleName: names[d.Responsible], Missed: d.Missed(today()), Matter: link})
		}
	}
	return out, nil
}

// assigneeOf reads an assignee choice: "staff:<id>" or "team:<name>".
func assigneeOf(v string) workdomain.Assignee {
	kind, id, _ := strings.Cut(strings.TrimSpace(v), ":")
	switch kind {
	case "staff":
		return workdomain.StaffAssignee(id)
	case "team":
		return workdomain.TeamAssignee(id)
	}
	return workdomain.Assignee{}
}

// assigneeChoices offers staff members and teams.
func assigneeChoices(f web.FormState, staff []web.StaffOption, teams, areas []string) []web.Choice {
	var out []web.Choice
	for _, m := range staff {
		v := "staff:" + m.ID
		out = append(out, web.Choice{Value: v, Label: m.Name, Checked: f.Get("assignee") == v})
	}
	for _, t := range teams {
		v := "team:" + t
		out = append(out, web.Choice{Value: v, Label: web.TeamName(t, areas), Checked: f.Get("assignee") == v, Team: true})
	}
	return out
}

// errNoSuchTask is what a task one may not see looks like.
var errNoSuchTask = domain.NotFound("there is no such task").WithCode("work.task.not_found")

// requireTask refuses a task the principal may not see as if it did not
// exist.
func (s *Handlers) requireTask(r *http.Request, t work.Task) error {
	_, ok, err := s.taskLink(r, t)
	if err == nil && !ok {
		err = errNoSuchTask
	}
	return err
}

// cddWatchRow is one due-diligence record on the start page, by its
// matter's number and title.
type cddWatchRow struct {
	cddmodel.WatchItem
	Matter *matterLink
}

// fillDueDiligence lists the records of the matters the member is the
// responsible lawyer of that need them (issue 17's monitoring): the walls
// cut in the query, the matter's gate after it.
func (s *Handlers) fillDueDiligence(r *http.Request, page *workPage) error {
	p, _ := web.PrincipalOf(r.Context())
	hidden, err := s.Hidden(r)
	if err != nil {
		return err
	}
	items, err := s.deps.DueDiligence.Watch(r.Context(), cddmodel.WatchFilter{Responsible: p.StaffID,
		WalledContacts: slices.Collect(maps.Keys(hidden)), Limit: startRows})
	if err != nil {
		return err
	}
	ids := make([]string, len(items))
	for i, x := range items {
		ids[i] = x.MatterID
	}
	if err := s.PreloadMatters(r, ids); err != nil {
		return err
	}
	for _, x := range items {
		link, ok, err := s.matterLinkOf(r, x.MatterID)
		if err != nil {
			return err
		}
		if ok {
			page.DueDiligence = append(page.DueDiligence, cddWatchRow{WatchItem: x, Matter: link})
		}
	}
	return nil
}
