package work

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// Template limits.
const (
	MaxTemplateItems = 100
	MaxTemplateDays  = 3650 // ten years: the longest limitation period
	maxAreaLength    = 40   // runes of a practice area that names a template's stream
)

var (
	// Words joined by single spaces: "offentlig rätt" is one of the
	// default practice areas (domain/matter).
	areaPattern = regexp.MustCompile(`^[a-zåäöéü0-9][a-zåäöéü0-9-]*(?: [a-zåäöéü0-9-]+)*$`)
	keyPattern  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)
)

// NormalisePracticeArea trims and lower-cases a practice area's name
// ("Arbetsrätt" → "arbetsrätt") and checks it can name a stream.
func NormalisePracticeArea(area string) (string, error) {
	a := strings.ToLower(strings.TrimSpace(area))
	if !areaPattern.MatchString(a) || utf8.RuneCountInString(a) > maxAreaLength {
		return "", invalid("practice_area", "work.template.area.format", "a practice area is words of lower-case letters, digits and hyphens")
	}
	return a, nil
}

// normaliseTemplate checks every item and reports every problem at once.
func normaliseTemplate(t Template) (Template, error) {
	area, err := NormalisePracticeArea(t.PracticeArea)
	problems := []error{err}
	if len(t.Tasks)+len(t.Deadlines) > MaxTemplateItems {
		problems = append(problems, invalid("tasks", "work.template.too_many", fmt.Sprintf("at most %d items", MaxTemplateItems)))
	}
	out := Template{PracticeArea: area}
	var keys []string
	for i, task := range t.Tasks {
		n, err := normaliseTemplateTask(fmt.Sprintf("tasks[%d]", i), task, &keys)
		out.Tasks, problems = append(out.Tasks, n), append(problems, err)
	}
	for i, d := range t.Deadlines {
		n, err := normaliseTemplateDeadline(fmt.Sprintf("deadlines[%d]", i), d, &keys)
		out.Deadlines, problems = append(out.Deadlines, n), append(problems, err)
	}
	return out, domain.JoinProblems(problems...)
}

func normaliseTemplateTask(field string, t TemplateTask, keys *[]string) (TemplateTask, error) {
	title, titleErr := cleanTitle(field+".title", t.Title)
	priority, priorityErr := ParsePriority(field+".priority", string(t.Priority))
	assignee, assigneeErr := normaliseTemplateAssignee(field+".assignee", t.Assignee)
	n := TemplateTask{Key: t.Key, Title: title, DueInDays: t.DueInDays, Assignee: assignee, Priority: priority}
	return n, domain.JoinProblems(checkKey(field+".key", t.Key, keys), titleErr, priorityErr, assigneeErr,
		checkDays(field+".due_in_days", t.DueInDays))
}

func normaliseTemplateDeadline(field string, d TemplateDeadline, keys *[]string) (TemplateDeadline, error) {
	title, titleErr := cleanTitle(field+".title", d.Title)
	kind, kindErr := ParseDeadlineKind(field+".kind", string(d.Kind))
	reminders, remindersErr := NormaliseReminders(field+".reminders", d.Reminders)
	var roleErr error
	if !slices.Contains(access.Roles, d.Responsible) {
		roleErr = invalid(field+".responsible", "work.template.role.unknown", "choose the role that is responsible")
	}
	n := TemplateDeadline{Key: d.Key, Title: title, Kind: kind, DueInDays: d.DueInDays, Reminders: reminders, Responsible: d.Responsible}
	return n, domain.JoinProblems(checkKey(field+".key", d.Key, keys), titleErr, kindErr, remindersErr, roleErr,
		checkDays(field+".due_in_days", d.DueInDays))
}

func normaliseTemplateAssignee(field string, a TemplateAssignee) (TemplateAssignee, error) {
	switch {
	case (a.Role == "") == (a.Team == ""):
		return a, invalid(field, "work.template.assignee", "choose a role or a team")
	case a.Role != "" && !slices.Contains(access.Roles, a.Role):
		return a, invalid(field+".role", "work.template.role.unknown", "there is no such role")
	case a.Role != "":
		return a, nil
	}
	teams, err := access.NormaliseTeams(field+".team", []string{a.Team})
	if err != nil {
		return a, err
	}
	return TemplateAssignee{Team: teams[0]}, nil
}

// checkKey wants a slug no other item of the template has.
func checkKey(field, key string, seen *[]string) error {
	if !keyPattern.MatchString(key) {
		return invalid(field, "work.template.key.format", "an item's key is lower-case letters, digits and hyphens")
	}
	if slices.Contains(*seen, key) {
		return invalid(field, "work.template.key.duplicate", "another item has this key")
	}
	*seen = append(*seen, key)
	return nil
}

func checkDays(field string, days int) error {
	if days < 0 || days > MaxTemplateDays {
		return invalid(field, "work.template.days.range", fmt.Sprintf("0 to %d days after the matter is opened", MaxTemplateDays))
	}
	return nil
}
