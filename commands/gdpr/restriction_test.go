package gdpr_test

import (
	"context"
	"testing"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

func TestObjectionRestrictionAndLift(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	subject := g.person(t)
	ctx := context.Background()
	object, err := gdprcmd.NewRecordObjectionHandler(g.subjects)
	must(t, err)
	restrict, err := gdprcmd.NewApplyRestrictionHandler(g.subjects)
	must(t, err)
	lift, err := gdprcmd.NewLiftRestrictionHandler(g.subjects)
	must(t, err)
	dpo := journal.Actor{ID: "staff-dpo", CorrelationID: "req-2"}

	_, err = object.Handle(ctx, gdprcmd.RecordObjection{Actor: staff, SubjectID: subject, To: gdpr.ObjectToProcessing,
		Reason: "Hotad av tidigare partner"})
	must(t, err)
	_, err = restrict.Handle(ctx, gdprcmd.ApplyRestriction{Actor: staff, SubjectID: subject,
		Reason: "Invändning prövas (art. 18.1 d)", Until: work.NewDate(2026, 4, 15)})
	must(t, err)
	res, err := lift.Handle(ctx, gdprcmd.LiftRestriction{Actor: dpo, SubjectID: subject})
	must(t, err)
	if res.Version != 2 {
		t.Fatalf("lift left version %d", res.Version)
	}
	stream := gdpr.SubjectStreamName(subject)
	g.noPlaintext(t, stream, "Hotad", "prövas")
	ds := g.decoded(t, stream)
	if l := ds[2].Event.(gdpr.RestrictionLifted); l.By != dpo.ID {
		t.Fatalf("lifted by %q", l.By)
	}
	// Lifting an unrestricted subject writes nothing.
	_, err = lift.Handle(ctx, gdprcmd.LiftRestriction{Actor: dpo, SubjectID: subject})
	must(t, err)
	if got := g.typesOf(t, stream); len(got) != 3 {
		t.Fatalf("stream %v", got)
	}
}
