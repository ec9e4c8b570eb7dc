package gdpr_test

import (
	"context"
	"testing"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
	gdprread "github.com/klient-crm/klient/projections/gdpr"
)

func TestRequestRegisterAndOverdue(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	subject := w.person("Bertil")
	w.clock = time.Date(2026, time.January, 31, 10, 0, 0, 0, time.UTC)
	late := w.request(subject, gdpr.KindAccess, "Allt om mig")
	extended := w.request(subject, gdpr.KindPortability, "")
	extend, err := gdprcmd.NewExtendRequestDeadlineHandler(w.requests)
	must(t, err)
	res, err := extend.Handle(ctx, gdprcmd.ExtendRequestDeadline{Actor: staff, RequestID: extended.RequestID,
		ExpectedVersion: extended.Version, NewDeadline: work.NewDate(2026, time.April, 28), Reason: "Stor akt"})
	must(t, err)
	w.Wrote(res.Position)
	w.clock = time.Date(2026, time.March, 16, 10, 0, 0, 0, time.UTC)
	done := w.request(subject, gdpr.KindObjection, "")
	complete, err := gdprcmd.NewCompleteRequestHandler(w.requests)
	must(t, err)
	res, err = complete.Handle(ctx, gdprcmd.CompleteRequest{Actor: staff, RequestID: done.RequestID, ExpectedVersion: done.Version})
	must(t, err)
	w.Wrote(res.Position)
	w.caughtUp()

	overdue, err := gdprread.Overdue(ctx, w.Pool, w.clock)
	must(t, err)
	if len(overdue) != 1 || overdue[0].RequestID != late.RequestID || overdue[0].Deadline != work.NewDate(2026, time.February, 28) ||
		!overdue[0].Verified || overdue[0].RequesterNote != "Allt om mig" {
		t.Fatalf("overdue %+v", overdue)
	}
	open, err := gdprread.Requests(ctx, w.Pool, gdprread.Filter{Status: gdpr.StatusOpen, Now: w.clock})
	must(t, err)
	if len(open) != 2 || open[1].RequestID != extended.RequestID || !open[1].Extended || open[1].Overdue {
		t.Fatalf("open %+v", open)
	}
	got, err := gdprread.GetRequest(ctx, w.Pool, done.RequestID, w.clock)
	must(t, err)
	if got.Status != gdpr.StatusCompleted || got.CompletedAt.IsZero() || got.Overdue {
		t.Fatalf("completed %+v", got)
	}
	_, err = gdprread.GetRequest(ctx, w.Pool, "no-such-request", w.clock)
	refusedWith(t, err, "gdpr.request.not_found")
}
