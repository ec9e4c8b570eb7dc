package work

import "github.com/klient-crm/klient/domain/access"

// Plan is what a workflow template gives one matter: the tasks to create
// and the deadlines to set, each with its template item's key, from which
// the caller derives a deterministic ID (so that applying the template
// twice creates nothing twice).
type Plan struct {
	Tasks     []PlannedTask
	Deadlines []PlannedDeadline
}

// PlannedTask is one task to create. When Role is set, Task.Assignee is
// empty: the caller fills in whoever holds that role on the matter.
type PlannedTask struct {
	Key  string
	Role access.Role
	Task NewTask
}

// PlannedDeadline is one deadline to set; the caller fills in
// Deadline.Responsible with whoever holds Role on the matter.
type PlannedDeadline struct {
	Key      string
	Role     access.Role
	Deadline NewDeadline
}

// Instantiate plans template t for the matter matterID, opened on
// openedAt: each item falls due its DueInDays after that date. It is a
// pure function; the commands decide with the plan's inputs as a person's
// would be.
func Instantiate(t Template, matterID string, openedAt Date) Plan {
	var p Plan
	for _, item := range t.Tasks {
		p.Tasks = append(p.Tasks, PlannedTask{Key: item.Key, Role: item.Assignee.Role, Task: NewTask{
			Title: item.Title, Assignee: Assignee{Team: item.Assignee.Team},
			Due: openedAt.AddDays(item.DueInDays).String(), Priority: string(item.Priority),
			MatterID: matterID, Origin: Origin(t.PracticeArea, item.Key),
		}})
	}
	for _, item := range t.Deadlines {
		p.Deadlines = append(p.Deadlines, PlannedDeadline{Key: item.Key, Role: item.Responsible, Deadline: NewDeadline{
			MatterID: matterID, Kind: string(item.Kind), Date: openedAt.AddDays(item.DueInDays).String(),
			Title: item.Title, Reminders: item.Reminders, Origin: Origin(t.PracticeArea, item.Key),
		}})
	}
	return p
}

// Origin names a template item in the tasks and deadlines it creates.
func Origin(practiceArea, key string) string { return "workflow-template/" + practiceArea + "/" + key }
