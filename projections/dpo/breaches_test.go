package dpo_test

import (
	"context"
	"testing"
	"time"

	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/projections"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
	"github.com/klient-crm/klient/projections/projtest"
)

func newWorld(t *testing.T) *projtest.World {
	t.Helper()
	w := projtest.New(t, projtest.Config{Projectors: []projections.Projector{dpomodel.NewProjector()}, Events: domaindpo.Events()})
	w.Run()
	return w
}

var discovered = time.Date(2026, 12, 4, 15, 30, 0, 0, time.UTC)

// TestRegisterFollowsTheBreach: the register keeps the latest assessment,
// the notification and the supplements; a breach reported or decided not
// to be leaves the running clocks, which list the nearest deadline first.
func TestRegisterFollowsTheBreach(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	late, soon, quiet := projtest.NewID(), projtest.NewID(), projtest.NewID()
	w.Write(domaindpo.BreachStreamName(late), domaindpo.BreachDiscovered{BreachID: late, Reference: "INC-2",
		DiscoveredAt: discovered.Add(-time.Hour), Summary: "Borttappad dator", RecordedBy: "dpo-1"})
	w.Write(domaindpo.BreachStreamName(soon), domaindpo.BreachDiscovered{BreachID: soon, Reference: "INC-1",
		DiscoveredAt: discovered.Add(-2 * time.Hour), Summary: "Fel mottagare", RecordedBy: "dpo-1"},
		domaindpo.BreachAssessed{BreachID: soon, Nature: []domaindpo.Nature{domaindpo.NatureConfidentiality},
			SubjectCategories: "Klienter", SubjectsApprox: 3, Severity: domaindpo.SeverityUnlikely, AssessedBy: "dpo-1"},
		domaindpo.BreachAssessed{BreachID: soon, Nature: []domaindpo.Nature{domaindpo.NatureConfidentiality, domaindpo.NatureIntegrity},
			SubjectCategories: "Klienter och motparter", SubjectsApprox: 40, Severity: domaindpo.SeverityRisk, AssessedBy: "dpo-1"})
	w.Write(domaindpo.BreachStreamName(quiet), domaindpo.BreachDiscovered{BreachID: quiet, Reference: "INC-3",
		DiscoveredAt: discovered, Summary: "Krypterat USB-minne", RecordedBy: "dpo-1"},
		domaindpo.BreachAssessed{BreachID: quiet, Nature: []domaindpo.Nature{domaindpo.NatureAvailability}, Severity: domaindpo.SeverityUnlikely},
		domaindpo.BreachNotReported{BreachID: quiet, DecidedAt: discovered.Add(time.Hour), Reason: "Krypterat"})
	w.CaughtUp("dpo")

	running, err := dpomodel.Running(ctx, w.Pool)
	projtest.Must(t, err)
	if len(running) != 2 || running[0].ID != soon || running[1].ID != late {
		t.Fatalf("running clocks %v, want INC-1 then INC-2", refs(running))
	}
	got := running[0]
	if got.Assessments != 2 || got.SubjectsApprox != 40 || got.SubjectCategories != "Klienter och motparter" ||
		len(got.Nature) != 2 || got.Severity != domaindpo.SeverityRisk {
		t.Errorf("INC-1 holds %+v, want the second assessment", got)
	}
	if h := got.Clock().HoursLeft(discovered); h != 70 {
		t.Errorf("INC-1, discovered two hours before, has %d hours left, want 70", h)
	}

	w.Write(domaindpo.BreachStreamName(soon), domaindpo.BreachReported{BreachID: soon, ReportedAt: discovered, IMYReference: "DI-1"},
		domaindpo.BreachSupplemented{BreachID: soon, SupplementedAt: discovered.Add(24 * time.Hour), Text: "Fler berörda"})
	w.CaughtUp("dpo")
	running, err = dpomodel.Running(ctx, w.Pool)
	projtest.Must(t, err)
	if len(running) != 1 || running[0].ID != late {
		t.Errorf("running clocks after INC-1's report: %v, want INC-2", refs(running))
	}
	b, err := dpomodel.GetBreach(ctx, w.Pool, soon)
	projtest.Must(t, err)
	if !b.ReportedAt.Equal(discovered) || b.IMYReference != "DI-1" || len(b.Supplements) != 1 || b.Supplements[0].Text != "Fler berörda" ||
		b.Clock().Running() || b.Version != 4 {
		t.Errorf("INC-1 after its report: %+v", b)
	}
	all, err := dpomodel.Breaches(ctx, w.Pool, dpomodel.Filter{Limit: 2})
	projtest.Must(t, err)
	next, err := dpomodel.Breaches(ctx, w.Pool, dpomodel.Filter{Limit: 2, AfterDiscovered: all[1].DiscoveredAt, AfterID: all[1].ID})
	projtest.Must(t, err)
	if len(all) != 2 || all[0].ID != quiet || all[1].ID != late || len(next) != 1 || next[0].ID != soon {
		t.Errorf("pages %v then %v, want INC-3, INC-2 then INC-1", refs(all), refs(next))
	}
	if _, err := dpomodel.GetBreach(ctx, w.Pool, projtest.NewID()); err == nil {
		t.Error("an unknown breach was found")
	}
}

func refs(list []dpomodel.Breach) []string {
	var out []string
	for _, b := range list {
		out = append(out, b.Reference)
	}
	return out
}
