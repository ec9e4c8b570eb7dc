package dpo

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/eventstore"
)

// EditRecord saves the record of processing activities (art. 30) whole.
// ExpectedVersion is the version the DPO edited; a record never saved
// before is edited from version 0 with New set.
type EditRecord struct {
	Actor           journal.Actor
	ExpectedVersion uint64
	New             bool // the first save: the record the DPO started from was Klient's proposal
	Record          domaindpo.ProcessingRecord
}

// RecordResult tells the caller where the save left the record.
type RecordResult struct {
	Version  uint64
	Position eventstore.Position
}

// EditRecordHandler handles EditRecord.
type EditRecordHandler struct{ journal journal.Journal }

// NewEditRecordHandler returns the handler over the log; clock is the
// only source of "now".
func NewEditRecordHandler(store journal.EventStore, codec journal.EventCodec, clock func() time.Time) (*EditRecordHandler, error) {
	j, err := journal.New("NewEditRecordHandler", store, codec, clock)
	if err != nil {
		return nil, err
	}
	return &EditRecordHandler{journal: j}, nil
}

// Handle saves the record; the same record again writes nothing.
func (h *EditRecordHandler) Handle(ctx context.Context, cmd EditRecord) (RecordResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return RecordResult{}, err
	}
	s := journal.Stream{Name: domaindpo.RecordStreamName(), StaleCode: "dpo.record.changed_meanwhile"}
	load := func(ctx context.Context) (*domaindpo.Record, journal.Span, error) {
		r := new(domaindpo.Record)
		sp, err := h.journal.Replay(ctx, domaindpo.RecordStreamName(), "", func(ev domain.Event, _ bool) { r.Apply(ev) })
		if errors.Is(err, eventstore.ErrStreamNotFound) {
			err = nil
		}
		return r, sp, err
	}
	decide := func(r *domaindpo.Record, now time.Time) ([]domain.Event, error) {
		return r.Edit(cmd.Record, cmd.Actor.ID, now)
	}
	var p journal.Placed
	var err error
	if cmd.New {
		p, err = journal.RegisterOnLatest(ctx, &h.journal, cmd.Actor, s, load, decide)
	} else {
		p, err = journal.ChangeOn(ctx, &h.journal, cmd.Actor, s, cmd.ExpectedVersion, load, decide)
	}
	if err != nil {
		return RecordResult{}, err
	}
	return RecordResult{Version: p.Version, Position: p.Position}, nil
}
