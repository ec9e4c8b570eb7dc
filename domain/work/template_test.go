package work_test

import (
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/work"
)

func arbetsratt() work.Template {
	return work.Template{PracticeArea: " Arbetsrätt ",
		Tasks: []work.TemplateTask{
			{Key: "uppdragsbekraftelse", Title: "Skicka uppdragsbekräftelse", DueInDays: 2, Assignee: work.TemplateAssignee{Role: access.RoleLawyer}},
			{Key: "jävskontroll", Title: "Jävskontroll", Assignee: work.TemplateAssignee{Team: "tvist"}},
		},
		Deadlines: []work.TemplateDeadline{{Key: "preskription", Title: "Preskription", Kind: work.KindLimitationPeriod,
			DueInDays: 60, Reminders: []int{14, 3}, Responsible: access.RoleLawyer}},
	}
}

func TestTemplateDefineChangeAndInstantiate(t *testing.T) {
	t.Parallel()
	tpl := arbetsratt()
	_, err := new(work.WorkflowTemplate).Define(tpl)
	refusedWith(t, err, domain.KindInvalid, "work.template.key.format") // "jävskontroll" is no slug
	tpl.Tasks[1].Key = "javskontroll"
	w := new(work.WorkflowTemplate)
	applyTo(t, w)(w.Define(tpl))
	if w.Template().PracticeArea != "arbetsrätt" || w.Template().Tasks[0].Priority != work.PriorityNormal {
		t.Fatalf("defined %+v", w.Template())
	}
	if again, err := w.Define(tpl); err != nil || len(again) != 0 {
		t.Fatalf("defining again decided %v, %v", again, err)
	}
	tpl.Tasks[0].DueInDays = 3
	_, err = w.Define(tpl)
	refusedWith(t, err, domain.KindConflict, "work.template.exists")
	applyTo(t, w)(w.Change(tpl))

	plan := work.Instantiate(w.Template(), "m-1", work.NewDate(2026, 3, 30))
	if len(plan.Tasks) != 2 || len(plan.Deadlines) != 1 {
		t.Fatalf("plan %+v", plan)
	}
	first := plan.Tasks[0]
	if first.Role != access.RoleLawyer || first.Task.Due != "2026-04-02" || first.Task.MatterID != "m-1" ||
		first.Task.Origin != "workflow-template/arbetsrätt/uppdragsbekraftelse" {
		t.Fatalf("first task %+v", first)
	}
	if d := plan.Deadlines[0]; d.Deadline.Date != "2026-05-29" || d.Role != access.RoleLawyer || d.Deadline.Kind != "limitation_period" {
		t.Fatalf("deadline %+v", d)
	}
	if plan.Tasks[1].Task.Assignee != work.TeamAssignee("tvist") {
		t.Fatalf("team task %+v", plan.Tasks[1])
	}
}

// Every default practice area names a template (domain/matter's list has
// "offentlig rätt"); what could not name a stream plainly is refused.
func TestPracticeAreaOfATemplate(t *testing.T) {
	for in, want := range map[string]string{
		"processrätt": "processrätt", " Offentlig Rätt ": "offentlig rätt", "it-rätt": "it-rätt",
		"offentlig  rätt": "", "offentlig/rätt": "", "": "", "-rätt": "", strings.Repeat("å", 41): "",
		strings.Repeat("å", 40): strings.Repeat("å", 40),
	} {
		got, err := work.NormalisePracticeArea(in)
		if got != want || (err == nil) != (want != "") {
			t.Errorf("NormalisePracticeArea(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
