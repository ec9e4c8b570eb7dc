package dpo_test

import (
	"context"
	"testing"
	"time"

	"github.com/klient-crm/klient/commands/commandtest"
	dpocmd "github.com/klient-crm/klient/commands/dpo"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/dpo"
)

// An impact assessment and a processor are recorded whole by one rule
// (recordWhole), each with its own codes: a chosen ID that is no UUID is
// refused, an edit from a version someone else has moved past is refused
// as changed meanwhile, an edit of an entry never recorded is not found —
// and a refusal writes nothing.
func TestImpactsAndProcessorsAreRecordedWhole(t *testing.T) {
	t.Parallel()
	w := commandtest.NewWorld(t)
	commandtest.Must(t, w.Codec.Register(dpo.Events()...))
	clock := func() time.Time { return commandtest.Today }
	impacts, err := dpocmd.NewRecordImpactAssessmentHandler(w.Store, w.Codec, clock)
	commandtest.Must(t, err)
	processors, err := dpocmd.NewRecordProcessorHandler(w.Store, w.Codec, clock)
	commandtest.Must(t, err)
	ctx := context.Background()
	review := commandtest.Today.AddDate(1, 0, 0)
	assessment := func(id, title string) dpo.ImpactAssessmentRecorded {
		a := dpo.ImpactAssessmentRecorded{AssessmentID: id, Title: title, Context: "Klientregistret.",
			Necessity: "Behövs för uppdragen.", ReviewBy: review}
		for _, k := range dpo.RiskKinds {
			a.Risks = append(a.Risks, dpo.Risk{Kind: k, Likelihood: 1, Severity: 2})
		}
		return a
	}
	processor := func(id, name string) dpo.ProcessorRecorded {
		return dpo.ProcessorRecorded{ProcessorID: id, Name: name, Service: "Drift", DataCategories: "Klienters kontaktuppgifter",
			Countries: []string{"SE"}, Mechanism: dpo.MechanismNone, ReviewBy: review}
	}
	type kind struct {
		name                   string
		record                 func(isNew bool, version uint64, id, title string) (string, uint64, error)
		stream                 func(id string) string
		badID, stale, notFound string
	}
	for _, k := range []kind{
		{"impact assessment", func(isNew bool, version uint64, id, title string) (string, uint64, error) {
			res, err := impacts.Handle(ctx, dpocmd.RecordImpactAssessment{Actor: commandtest.Staff, New: isNew, ExpectedVersion: version,
				Assessment: assessment(id, title)})
			return res.AssessmentID, res.Version, err
		}, dpo.ImpactAssessmentStreamName, "dpo.dpia.id", "dpo.dpia.changed_meanwhile", "dpo.dpia.not_found"},
		{"processor", func(isNew bool, version uint64, id, title string) (string, uint64, error) {
			res, err := processors.Handle(ctx, dpocmd.RecordProcessor{Actor: commandtest.Staff, New: isNew, ExpectedVersion: version,
				Processor: processor(id, title)})
			return res.ProcessorID, res.Version, err
		}, dpo.ProcessorStreamName, "dpo.processor.id", "dpo.processor.changed_meanwhile", "dpo.processor.not_found"},
	} {
		t.Run(k.name, func(t *testing.T) {
			_, _, err := k.record(true, 0, "inte-ett-id", "Första")
			commandtest.RefusedWith(t, err, domain.KindInvalid, k.badID)

			id, first, err := k.record(true, 0, "", "Första")
			commandtest.Must(t, err)
			_, second, err := k.record(false, first, id, "Andra")
			commandtest.Must(t, err)
			if second <= first {
				t.Fatalf("an edit left the stream at version %d (was %d)", second, first)
			}
			_, _, err = k.record(false, first, id, "Tredje, från den gamla versionen")
			commandtest.RefusedWith(t, err, domain.KindConflict, k.stale)

			_, _, err = k.record(false, 0, "0193a6f0-0000-7000-8000-00000000abcd", "Okänd")
			commandtest.RefusedWith(t, err, domain.KindNotFound, k.notFound)
			_, _, err = k.record(false, 0, "inte-ett-id", "Okänd")
			commandtest.RefusedWith(t, err, domain.KindNotFound, k.notFound)

			envs, err := w.Store.ReadStream(ctx, k.stream(id), 0, 10)
			commandtest.Must(t, err)
			if uint64(len(envs)) != second+1 { // versions count from 0
				t.Fatalf("the stream holds %d events after two saves and three refusals, want %d", len(envs), second+1)
			}
		})
	}
}
