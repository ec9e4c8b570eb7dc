package dpo

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/eventstore"
)

// RecordProcessor records a processor (art. 28) whole: a new one when New
// (ProcessorID optional, for safe resending), else a change from
// ExpectedVersion.
type RecordProcessor struct {
	Actor           journal.Actor
	New             bool
	ExpectedVersion uint64
	Processor       domaindpo.ProcessorRecorded // ProcessorID and RecordedBy are set by the handler
}

// ProcessorResult tells the caller where the command left the processor.
type ProcessorResult struct {
	ProcessorID string
	Version     uint64
	Position    eventstore.Position
}

// RecordProcessorHandler handles RecordProcessor.
type RecordProcessorHandler struct{ journal journal.Journal }

// NewRecordProcessorHandler returns the handler over the log; clock is
// the only source of "now".
func NewRecordProcessorHandler(store journal.EventStore, codec journal.EventCodec, clock func() time.Time) (*RecordProcessorHandler, error) {
	j, err := journal.New("NewRecordProcessorHandler", store, codec, clock)
	if err != nil {
		return nil, err
	}
	return &RecordProcessorHandler{journal: j}, nil
}

// Handle records the processor.
func (h *RecordProcessorHandler) Handle(ctx context.Context, cmd RecordProcessor) (ProcessorResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return ProcessorResult{}, err
	}
	id, placed, err := recordWhole(ctx, &h.journal, cmd.Actor, cmd.New, cmd.ExpectedVersion, cmd.Processor.ProcessorID, processorEntry,
		func(p *domaindpo.Processor, id string, now time.Time) ([]domain.Event, error) {
			e := cmd.Processor
			e.ProcessorID, e.RecordedBy = id, cmd.Actor.ID
			return p.Record(e, now)
		})
	if err != nil {
		return ProcessorResult{}, err
	}
	return ProcessorResult{ProcessorID: id, Version: placed.Version, Position: placed.Position}, nil
}

// processorEntry is a processor's stream and refusals.
var processorEntry = wholeEntry[*domaindpo.Processor]{
	fresh:     func() *domaindpo.Processor { return new(domaindpo.Processor) },
	stream:    domaindpo.ProcessorStreamName,
	staleCode: "dpo.processor.changed_meanwhile",
	badID: func() error {
		return domain.Invalid("processor_id", "a processor ID is a UUID").WithCode("dpo.processor.id")
	},
	notFound: func() error { return domain.NotFound("there is no such processor").WithCode("dpo.processor.not_found") },
}
