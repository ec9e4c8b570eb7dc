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
	var id string
	var err error
	if cmd.New {
		id, err = journal.NewID(cmd.Processor.ProcessorID, domain.Invalid("processor_id", "a processor ID is a UUID").WithCode("dpo.processor.id"))
	} else {
		id, err = journal.ExistingID(cmd.Processor.ProcessorID, domain.NotFound("there is no such processor").WithCode("dpo.processor.not_found"))
	}
	if err != nil {
		return ProcessorResult{}, err
	}
	e := cmd.Processor
	e.ProcessorID, e.RecordedBy = id, cmd.Actor.ID
	s := journal.Stream{Name: domaindpo.ProcessorStreamName(id), StaleCode: "dpo.processor.changed_meanwhile"}
	load := func(ctx context.Context) (*domaindpo.Processor, journal.Span, error) {
		p := new(domaindpo.Processor)
		sp, err := h.journal.Replay(ctx, domaindpo.ProcessorStreamName(id), "", func(ev domain.Event, _ bool) { p.Apply(ev) })
		return p, sp, err
	}
	decide := func(p *domaindpo.Processor, now time.Time) ([]domain.Event, error) {
		if !cmd.New && !p.Exists() {
			return nil, domain.NotFound("there is no such processor").WithCode("dpo.processor.not_found")
		}
		return p.Record(e, now)
	}
	var placed journal.Placed
	if cmd.New {
		placed, err = journal.RegisterOnLatest(ctx, &h.journal, cmd.Actor, s, load, decide)
	} else {
		placed, err = journal.ChangeOn(ctx, &h.journal, cmd.Actor, s, cmd.ExpectedVersion, load, decide)
	}
	if err != nil {
		return ProcessorResult{}, err
	}
	return ProcessorResult{ProcessorID: id, Version: placed.Version, Position: placed.Position}, nil
}
