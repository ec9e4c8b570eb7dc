package work_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/google/uuid"

	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/work"
)

func arbetsratt() work.Template {
	return work.Template{PracticeArea: "Arbetsrätt",
		Tasks: []work.TemplateTask{
			{Key: "uppdragsbekraftelse", Title: "Skicka uppdragsbekräftelse", DueInDays: 2, Assignee: work.TemplateAssignee{Role: access.RoleLawyer}},
			{Key: "javskontroll", Title: "Jävskontroll", Assignee: work.TemplateAssignee{Team: "tvist"}, Priority: work.PriorityUrgent},
		},
		Deadlines: []work.TemplateDeadline{{Key: "preskription", Title: "Preskription enligt LAS", Kind: work.KindLimitationPeriod,
			DueInDays: 14, Reminders: []int{7, 1}, Responsible: access.RoleLawyer}},
	}
}

func TestApplyingATemplateTwiceCreatesNothingTwice(t *testing.T) {
	t.Parallel()
	w := newWorkWorld(t)
	ctx := context.Background()
	define := handler(t, workcmd.NewWorkflowTemplateHandler, w)
	defined, err := define.HandleDefine(ctx, workcmd.DefineWorkflowTemplate{Actor: staff, Template: arbetsratt()})
	must(t, err)
	if defined.ID != "arbetsrätt" {
		t.Fatalf("defined %+v", defined)
	}
	apply := handler(t, workcmd.NewApplyWorkflowTemplateHandler, w)
	cmd := workcmd.ApplyWorkflowTemplate{Actor: staff, MatterID: uuid.NewString(), PracticeArea: "arbetsrätt", OpenedAt: today,
		RoleHolders: map[access.Role]string{access.RoleLawyer: w.anna}}
	const concurrent = 3
	results := make([]workcmd.ApplyResult, concurrent)
	errs := make([]error, concurrent)
	var wg sync.WaitGroup
	for i := range concurrent {
		wg.Go(func() { results[i], errs[i] = apply.Handle(ctx, cmd) })
	}
	wg.Wait()
	created := 0
	for i := range concurrent {
		must(t, errs[i])
		created += results[i].Created
		if !slices.Equal(results[i].TaskIDs, results[0].TaskIDs) || len(results[i].TaskIDs) != 2 || len(results[i].DeadlineIDs) != 1 {
			t.Fatalf("apply %d: %+v", i, results[i])
		}
	}
	again, err := apply.Handle(ctx, cmd)
	must(t, err)
	if created != 3 || again.Created != 0 {
		t.Fatalf("created %d at once, then %d on a retry", created, again.Created)
	}
	for _, id := range again.TaskIDs {
		if got := w.types(t, work.TaskStreamName(id)); len(got) != 1 {
			t.Fatalf("task %s: %v", id, got)
		}
	}
	other := cmd
	other.MatterID = uuid.NewString()
	third, err := apply.Handle(ctx, other)
	must(t, err)
	if third.Created != 3 || slices.Contains(third.TaskIDs, again.TaskIDs[0]) {
		t.Fatalf("another matter got %+v", third)
	}
}

func TestTemplateRefusals(t *testing.T) {
	t.Parallel()
	w := newWorkWorld(t)
	ctx := context.Background()
	define := handler(t, workcmd.NewWorkflowTemplateHandler, w)
	apply := handler(t, workcmd.NewApplyWorkflowTemplateHandler, w)
	_, err := apply.Handle(ctx, workcmd.ApplyWorkflowTemplate{Actor: staff, MatterID: uuid.NewString(), PracticeArea: "familjerätt", OpenedAt: today})
	refusedWith(t, err, domain.KindNotFound, "work.template.not_found")
	tpl := arbetsratt()
	tpl.Tasks[0].DueInDays = -1
	_, err = define.HandleDefine(ctx, workcmd.DefineWorkflowTemplate{Actor: staff, Template: tpl})
	refusedWith(t, err, domain.KindInvalid, "work.template.days.range")
	res, err := define.HandleDefine(ctx, workcmd.DefineWorkflowTemplate{Actor: staff, Template: arbetsratt()})
	must(t, err)
	tpl = arbetsratt()
	tpl.Tasks = tpl.Tasks[:1]
	_, err = define.HandleChange(ctx, workcmd.ChangeWorkflowTemplate{Actor: staff, ExpectedVersion: res.Version, Template: tpl})
	must(t, err)
	// Nobody holds the lawyer role and the actor is no staff member: the
	// whole apply is refused before anything is written.
	matter := uuid.NewString()
	_, err = apply.Handle(ctx, workcmd.ApplyWorkflowTemplate{Actor: staff, MatterID: matter, PracticeArea: "arbetsrätt", OpenedAt: today})
	refusedWith(t, err, domain.KindInvalid, "work.assignee.unknown")
	if got := w.types(t, work.TemplateStreamName("arbetsrätt")); len(got) != 2 {
		t.Fatalf("template stream %v", got)
	}
	var items int
	must(t, w.pool.QueryRow(ctx, `SELECT count(*) FROM events WHERE stream LIKE 'task-%' OR stream LIKE 'deadline-%'`).Scan(&items))
	if items != 0 {
		t.Fatalf("a refused apply wrote %d events", items)
	}
}

func TestWorkConstructorsRefuseNil(t *testing.T) {
	t.Parallel()
	if _, err := workcmd.NewWork(nil, nil, nil, nil); err == nil {
		t.Error("NewWork accepted nil dependencies")
	}
	constructors := map[string]func() error{
		"create task":    func() error { _, err := workcmd.NewCreateTaskHandler(nil); return err },
		"update task":    func() error { _, err := workcmd.NewTaskUpdateHandler(nil); return err },
		"task status":    func() error { _, err := workcmd.NewTaskStatusHandler(nil); return err },
		"set deadline":   func() error { _, err := workcmd.NewSetDeadlineHandler(nil); return err },
		"update":         func() error { _, err := workcmd.NewDeadlineUpdateHandler(nil); return err },
		"raise reminder": func() error { _, err := workcmd.NewRaiseReminderHandler(nil); return err },
		"template":       func() error { _, err := workcmd.NewWorkflowTemplateHandler(nil); return err },
		"apply template": func() error { _, err := workcmd.NewApplyWorkflowTemplateHandler(nil); return err },
	}
	for name, construct := range constructors {
		if construct() == nil {
			t.Errorf("%s: constructor accepted a nil repository", name)
		}
	}
}
