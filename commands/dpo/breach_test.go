package dpo_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/klient-crm/klient/commands/commandtest"
	dpocmd "github.com/klient-crm/klient/commands/dpo"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/dpo"
)

// breachWorld is commandtest.World with the breach register on a clock
// the test moves.
type breachWorld struct {
	*commandtest.World
	clock  time.Time
	record *dpocmd.RecordBreachHandler
	assess *dpocmd.AssessBreachHandler
	decide *dpocmd.DecideBreachHandler
}

func newBreachWorld(t *testing.T) *breachWorld {
	t.Helper()
	w := &breachWorld{World: commandtest.NewWorld(t), clock: commandtest.Today}
	commandtest.Must(t, w.Codec.Register(dpo.Events()...))
	repo, err := dpocmd.NewBreaches(w.Store, w.Codec, func() time.Time { return w.clock })
	commandtest.Must(t, err)
	w.record, _ = dpocmd.NewRecordBreachHandler(repo)
	w.assess, _ = dpocmd.NewAssessBreachHandler(repo)
	w.decide, _ = dpocmd.NewDecideBreachHandler(repo)
	return w
}

const summary = "Ett e-brev med en klientförteckning skickades till fel mottagare, Kalle Anka."

// TestBreachFromDiscoveryToLateNotification: a breach recorded now (the
// injected clock's now) is sealed in the log, its clock runs out after 72
// hours, and a notification after that is refused without reasons for
// the delay and accepted with them (art. 33.1).
func TestBreachFromDiscoveryToLateNotification(t *testing.T) {
	t.Parallel()
	w := newBreachWorld(t)
	ctx := context.Background()
	cmd := dpocmd.RecordBreach{Actor: commandtest.Staff, BreachID: "0193a6f0-0000-7000-8000-000000000001", Reference: "INC-2026-01", Summary: summary}
	res, err := w.record.Handle(ctx, cmd)
	commandtest.Must(t, err)
	again, err := w.record.Handle(ctx, cmd)
	commandtest.Must(t, err)
	if again.Version != res.Version {
		t.Errorf("a resent record moved the stream to version %d", again.Version)
	}
	envs, err := w.Store.ReadStream(ctx, dpo.BreachStreamName(res.BreachID), 0, 10)
	commandtest.Must(t, err)
	if len(envs) != 1 || bytes.Contains(envs[0].Data, []byte("Kalle Anka")) || bytes.Contains(envs[0].Data, []byte("klientförteckning")) {
		t.Fatalf("the log holds %d events, the summary in the clear: %s", len(envs), envs[0].Data)
	}
	decoded, err := w.Codec.Decode(ctx, envs[0])
	commandtest.Must(t, err)
	if got := decoded.Event.(dpo.BreachDiscovered); !got.DiscoveredAt.Equal(commandtest.Today) || got.Summary != summary {
		t.Errorf("recorded %+v, want discovered at the injected now and the summary opened", got)
	}

	w.clock = commandtest.Today.Add(2 * time.Hour)
	res, err = w.assess.Handle(ctx, dpocmd.AssessBreach{Actor: commandtest.Staff, BreachID: res.BreachID, ExpectedVersion: res.Version,
		Assessment: dpo.BreachAssessed{Nature: []dpo.Nature{dpo.NatureConfidentiality}, SubjectCategories: "Klienter",
			SubjectsApprox: 40, DataCategories: "Namn och adress", RecordsApprox: 40, Consequences: "Obehöriga kan ha läst uppgifterna.",
			Severity: dpo.SeverityRisk}})
	commandtest.Must(t, err)

	w.clock = commandtest.Today.Add(72*time.Hour + time.Minute)
	_, err = w.decide.Handle(ctx, dpocmd.DecideBreach{Actor: commandtest.Staff, BreachID: res.BreachID, ExpectedVersion: res.Version, Step: dpocmd.StepReport})
	commandtest.RefusedWith(t, err, domain.KindInvalid, "dpo.breach.delay_reason_required")
	res, err = w.decide.Handle(ctx, dpocmd.DecideBreach{Actor: commandtest.Staff, BreachID: res.BreachID, ExpectedVersion: res.Version,
		Step: dpocmd.StepReport, IMYReference: "DI-2026-77", Text: "Upptäckten rapporterades internt först efter helgen."})
	commandtest.Must(t, err)
	_, err = w.decide.Handle(ctx, dpocmd.DecideBreach{Actor: commandtest.Staff, BreachID: res.BreachID, ExpectedVersion: res.Version,
		Step: dpocmd.StepNotReport, Text: "Ingen risk"})
	commandtest.RefusedWith(t, err, domain.KindConflict, "dpo.breach.decided")
}

// TestUnknownBreachIsNotFound: a change to a breach nobody recorded.
func TestUnknownBreachIsNotFound(t *testing.T) {
	t.Parallel()
	w := newBreachWorld(t)
	_, err := w.decide.Handle(context.Background(), dpocmd.DecideBreach{Actor: commandtest.Staff, BreachID: "not-a-uuid", Step: dpocmd.StepSupplement, Text: "x"})
	commandtest.RefusedWith(t, err, domain.KindNotFound, "dpo.breach.not_found")
	_, err = w.decide.Handle(context.Background(), dpocmd.DecideBreach{Actor: commandtest.Staff, BreachID: "0193a6f0-0000-7000-8000-0000000000ff", Step: dpocmd.StepSupplement, Text: "x"})
	commandtest.RefusedWith(t, err, domain.KindNotFound, "dpo.breach.not_found")
}
