package admin

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/web"
)

// blankTemplateRows is how many empty rows of each kind the form offers
// for new items: the page works without script, so rows cannot be added
// on the fly; saving with them filled offers new empty ones.
const blankTemplateRows = 3

// templateTaskRow is one task line of the template form.
type templateTaskRow struct {
	Key, Title, Days, Assignee, Priority string
	Error                                string
}

// templateDeadlineRow is one deadline line of the template form.
type templateDeadlineRow struct {
	Key, Title, Kind, Days, Reminders, Responsible string
	Error                                          string
}

// templateRows turns a template into form rows, with blank rows after.
func templateRows(t work.Template) ([]templateTaskRow, []templateDeadlineRow) {
	var tasks []templateTaskRow
	for _, x := range t.Tasks {
		tasks = append(tasks, templateTaskRow{Key: x.Key, Title: x.Title, Days: strconv.Itoa(x.DueInDays),
			Assignee: templateAssigneeValue(x.Assignee), Priority: string(x.Priority)})
	}
	var deadlines []templateDeadlineRow
	for _, d := range t.Deadlines {
		deadlines = append(deadlines, templateDeadlineRow{Key: d.Key, Title: d.Title, Kind: string(d.Kind),
			Days: strconv.Itoa(d.DueInDays), Reminders: joinInts(d.Reminders), Responsible: string(d.Responsible)})
	}
	for range blankTemplateRows {
		tasks = append(tasks, templateTaskRow{Priority: string(work.PriorityNormal), Assignee: "role:" + string(access.RoleLawyer)})
		deadlines = append(deadlines, templateDeadlineRow{Kind: string(work.KindOther), Responsible: string(access.RoleLawyer)})
	}
	return tasks, deadlines
}

// postedTemplate reads the form's rows back: a row without a title is
// left out (that is how an item is removed), and a new row gets a key
// made from its title.
func postedTemplate(area string, f url.Values) (work.Template, []templateTaskRow, []templateDeadlineRow, error) {
	t := work.Template{PracticeArea: area}
	var taskRows []templateTaskRow
	var deadlineRows []templateDeadlineRow
	keys := usedKeys(f)
	var problems []string
	for i, title := range f["task_title"] {
		row := templateTaskRow{Key: at(f, "task_key", i), Title: strings.TrimSpace(title), Days: at(f, "task_days", i),
			Assignee: at(f, "task_assignee", i), Priority: at(f, "task_priority", i)}
		taskRows = append(taskRows, row)
		if row.Title == "" {
			continue
		}
		if row.Key == "" {
			row.Key = newKey(row.Title, keys)
			taskRows[len(taskRows)-1].Key = row.Key
		}
		days, err := daysOf(row.Days)
		if err != nil {
			problems = append(problems, fmt.Sprintf("tasks[%d].due_in_days", len(t.Tasks)))
		}
		t.Tasks = append(t.Tasks, work.TemplateTask{Key: row.Key, Title: row.Title, DueInDays: days,
			Assignee: templateAssigneeOf(row.Assignee), Priority: work.Priority(row.Priority)})
	}
	for i, title := range f["deadline_title"] {
		row := templateDeadlineRow{Key: at(f, "deadline_key", i), Title: strings.TrimSpace(title), Kind: at(f, "deadline_kind", i),
			Days: at(f, "deadline_days", i), Reminders: at(f, "deadline_reminders", i), Responsible: at(f, "deadline_responsible", i)}
		deadlineRows = append(deadlineRows, row)
		if row.Title == "" {
			continue
		}
		if row.Key == "" {
			row.Key = newKey(row.Title, keys)
			deadlineRows[len(deadlineRows)-1].Key = row.Key
		}
		days, err1 := daysOf(row.Days)
		reminders, err2 := intsOf(row.Reminders)
		if err1 != nil || err2 != nil {
			problems = append(problems, fmt.Sprintf("deadlines[%d].due_in_days", len(t.Deadlines)))
		}
		t.Deadlines = append(t.Deadlines, work.TemplateDeadline{Key: row.Key, Title: row.Title, Kind: work.DeadlineKind(row.Kind),
			DueInDays: days, Reminders: reminders, Responsible: access.Role(row.Responsible)})
	}
	if len(problems) > 0 {
		return t, taskRows, deadlineRows, web.BadRequest(web.ErrMalformed, problems[0], "work.template.days.number",
			"days and reminders are whole numbers of days")
	}
	return t, taskRows, deadlineRows, nil
}

func at(f url.Values, name string, i int) string {
	if v := f[name]; i < len(v) {
		return strings.TrimSpace(v[i])
	}
	return ""
}

func daysOf(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	return strconv.Atoi(s)
}

// intsOf reads "14, 7, 1".
func intsOf(s string) ([]int, error) {
	var out []int
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		n, err := strconv.Atoi(part)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

// templateAssigneeValue is a template assignee as the form's select names it:
// "role:lawyer" or "team:tvist".
func templateAssigneeValue(a work.TemplateAssignee) string {
	if a.Team != "" {
		return "team:" + a.Team
	}
	return "role:" + string(a.Role)
}

func templateAssigneeOf(v string) work.TemplateAssignee {
	kind, name, _ := strings.Cut(v, ":")
	if kind == "team" {
		return work.TemplateAssignee{Team: name}
	}
	return work.TemplateAssignee{Role: access.Role(name)}
}

// usedKeys are the keys the posted rows already carry.
func usedKeys(f url.Values) map[string]bool {
	keys := map[string]bool{}
	for _, name := range []string{"task_key", "deadline_key"} {
		for _, k := range f[name] {
			if k != "" {
				keys[k] = true
			}
		}
	}
	return keys
}

// newKey makes an item's stable key from its title ("Skicka
// uppdragsbekräftelse" → "skicka-uppdragsbekraftelse"), unique in the
// template. The key names the tasks it creates, so it never changes after.
func newKey(title string, used map[string]bool) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(title)) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '_':
			if s := b.String(); s != "" && !strings.HasSuffix(s, "-") {
				b.WriteByte('-')
			}
		}
	}
	base := strings.Trim(b.String(), "-")
	if len(base) > 30 {
		base = strings.Trim(base[:30], "-")
	}
	if base == "" {
		base = "item"
	}
	key := base
	for n := 2; used[key]; n++ {
		key = base + "-" + strconv.Itoa(n)
	}
	used[key] = true
	return key
}

// rowErrors files the domain's per-item messages ("tasks[1].title") on
// the rows they concern; the rest stay for the summary.
func rowErrors(msgs web.FieldMessages, tasks []templateTaskRow, deadlines []templateDeadlineRow) {
	for field, msg := range msgs {
		var i int
		switch {
		case scanRow(field, "tasks[", &i) && i < len(tasks):
			tasks[nthTitled(tasksTitled(tasks), i)].Error = msg
		case scanRow(field, "deadlines[", &i) && i < len(deadlines):
			deadlines[nthTitled(deadlinesTitled(deadlines), i)].Error = msg
		}
	}
}

func scanRow(field, prefix string, i *int) bool {
	rest, ok := strings.CutPrefix(field, prefix)
	if !ok {
		return false
	}
	n, _, _ := strings.Cut(rest, "]")
	v, err := strconv.Atoi(n)
	*i = v
	return err == nil
}

// nthTitled maps the template's i-th item to its form row: rows without
// a title were left out of the template.
func nthTitled(titled []bool, i int) int {
	seen := -1
	for row, ok := range titled {
		if ok {
			seen++
		}
		if seen == i {
			return row
		}
	}
	return len(titled) - 1
}

func tasksTitled(rows []templateTaskRow) []bool {
	out := make([]bool, len(rows))
	for i, r := range rows {
		out[i] = r.Title != ""
	}
	return out
}

func deadlinesTitled(rows []templateDeadlineRow) []bool {
	out := make([]bool, len(rows))
	for i, r := range rows {
		out[i] = r.Title != ""
	}
	return out
}

// templateArea is one line of the template list.
type templateArea struct {
	Name, Slug  string
	HasTemplate bool
	Tasks       int
	Deadlines   int
}
