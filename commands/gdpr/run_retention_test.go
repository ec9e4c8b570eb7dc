package gdpr_test

import (
	"context"
	"testing"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/gdpr"
)

// retentionWorld is the runner over g's real executor, with sources a
// person whose period ran out (gone), one with a lawful basis (kept), one
// a closed matter's file still holds (held), and a matter file past its
// ten years with two communications and a document.
type retentionWorld struct {
	*gdprWorld
	gone, kept, held string
	src              sources
	del              *deleters
	log              *deletionLog
	runner           *gdprcmd.RetentionHandler
}

func newRetentionWorld(t *testing.T) *retentionWorld {
	t.Helper()
	w := &retentionWorld{gdprWorld: newGDPRWorld(t), del: &deleters{accessLog: 5, sessions: 3}, log: &deletionLog{}}
	w.gone, w.kept, w.held = w.person(t), w.person(t), w.person(t)
	old := today.AddDate(-3, 0, 0)
	held := gdpr.SubjectFacts{SubjectID: w.held, RegisteredAt: old, LastActivity: old,
		Matters: []gdpr.MatterFact{{MatterID: "m-1", Client: true, ClosedAt: today.AddDate(-1, 0, 0)}}}
	w.src = sources{accessLog: 5, contacts: []gdprcmd.RetainedContact{
		{Facts: gdpr.SubjectFacts{SubjectID: w.gone, RegisteredAt: old, LastActivity: old}},
		{Facts: gdpr.SubjectFacts{SubjectID: w.kept, RegisteredAt: old}, HasBasis: true},
		{Facts: held}},
		matters: []gdprcmd.ClosedMatter{{MatterID: "m-old", ClosedAt: today.AddDate(-11, 0, 0), Communications: 2, Documents: 1},
			{MatterID: "m-1", ClosedAt: today.AddDate(-1, 0, 0)}}}
	var err error
	w.runner, err = gdprcmd.NewRetentionHandler(gdprcmd.RetentionDeps{Rules: gdpr.DefaultRetentionRules, Sources: w.src,
		Deleters: w.del, Log: w.log, Eraser: newEraser(t, w.gdprWorld, factsOf{w.held: held}).EraseSubjectHandler})
	must(t, err)
	return w
}

var retention = journal.Actor{ID: "retention"}

func TestRetentionDryRunChangesNothing(t *testing.T) {
	t.Parallel()
	w := newRetentionWorld(t)
	report, err := w.runner.Handle(context.Background(), gdprcmd.RunRetention{Actor: retention, DryRun: true})
	must(t, err)
	want := []gdpr.Category{gdpr.CategoryContactWithoutBasis, gdpr.CategoryMatterFile, gdpr.CategoryCommunication,
		gdpr.CategoryDocument, gdpr.CategoryAccessLog, gdpr.CategorySession}
	if len(report.Due) != len(want) || report.Held != 1 || len(report.Deleted) != 0 {
		t.Fatalf("report %+v", report)
	}
	for i, c := range want {
		if report.Due[i].Category != c {
			t.Errorf("item %d: %s, want %s", i, report.Due[i].Category, c)
		}
	}
	if report.Due[0].RecordID != w.gone || report.Due[0].DueOn.String() != "2025-03-16" || report.Due[2].Records != 2 {
		t.Errorf("items %+v", report.Due)
	}
	if len(w.typesOf(t, gdpr.SubjectStreamName(w.gone))) != 0 || len(w.del.files) != 0 || len(w.log.lines) != 0 {
		t.Fatal("a dry run wrote something")
	}
}

func TestRetentionErasesThroughTheExecutorAndLogs(t *testing.T) {
	t.Parallel()
	w := newRetentionWorld(t)
	ctx := context.Background()
	report, err := w.runner.Handle(ctx, gdprcmd.RunRetention{Actor: retention})
	must(t, err)
	if len(report.Failed) != 0 || len(report.Deleted) != 6 {
		t.Fatalf("report %+v", report)
	}
	requestID := gdprcmd.RetentionRequestID(w.gone)
	got := w.typesOf(t, gdpr.SubjectStreamName(w.gone))
	if len(got) == 0 || got[len(got)-1] != gdpr.TypeSubjectErased {
		t.Fatalf("subject stream %v", got)
	}
	if gone, _ := w.Keyring.IsShredded(ctx, w.gone); !gone {
		t.Fatal("the key survived")
	}
	for _, s := range []string{w.kept, w.held} {
		if shredded, _ := w.Keyring.IsShredded(ctx, s); shredded || len(w.typesOf(t, gdpr.SubjectStreamName(s))) != 0 {
			t.Fatalf("a kept subject was touched")
		}
	}
	if len(w.del.files) != 1 || w.del.files[0] != "m-old" || w.del.refreshed != 1 {
		t.Fatalf("deleters %+v", w.del)
	}
	if w.del.cutoff.In(time.UTC).Format("2006-01-02") != "2024-03-14" || len(w.log.lines) != 6 ||
		w.log.lines[0].ErasureID != requestID || w.log.lines[0].TriggeredBy != retention.ID {
		t.Fatalf("cutoff %s, log %+v", w.del.cutoff, w.log.lines)
	}

	again, err := w.runner.Handle(ctx, gdprcmd.RunRetention{Actor: retention}) // the sources have not caught up
	must(t, err)
	if len(again.Failed) != 0 || len(w.typesOf(t, gdpr.SubjectStreamName(w.gone))) != len(got) {
		t.Fatalf("a repeated run: %+v, stream %v", again, w.typesOf(t, gdpr.SubjectStreamName(w.gone)))
	}
}
