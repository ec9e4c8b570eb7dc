package dpo

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/eventstore"
)

// RecordImpactAssessment records an impact assessment (art. 35) whole: a
// new one when New (AssessmentID optional, for safe resending), else a
// new version from ExpectedVersion.
type RecordImpactAssessment struct {
	Actor           journal.Actor
	New             bool
	ExpectedVersion uint64
	Assessment      domaindpo.ImpactAssessmentRecorded // AssessmentID and RecordedBy are set by the handler
}

// ImpactResult tells the caller where the command left the assessment.
type ImpactResult struct {
	AssessmentID string
	Version      uint64
	Position     eventstore.Position
}

// RecordImpactAssessmentHandler handles RecordImpactAssessment.
type RecordImpactAssessmentHandler struct{ journal journal.Journal }

// NewRecordImpactAssessmentHandler returns the handler over the log;
// clock is the only source of "now".
func NewRecordImpactAssessmentHandler(store journal.EventStore, codec journal.EventCodec, clock func() time.Time) (*RecordImpactAssessmentHandler, error) {
	j, err := journal.New("NewRecordImpactAssessmentHandler", store, codec, clock)
	if err != nil {
		return nil, err
	}
	return &RecordImpactAssessmentHandler{journal: j}, nil
}

// Handle records the assessment; the same assessment again writes nothing.
func (h *RecordImpactAssessmentHandler) Handle(ctx context.Context, cmd RecordImpactAssessment) (ImpactResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return ImpactResult{}, err
	}
	notFound := domain.NotFound("there is no such impact assessment").WithCode("dpo.dpia.not_found")
	var id string
	var err error
	if cmd.New {
		id, err = journal.NewID(cmd.Assessment.AssessmentID, domain.Invalid("assessment_id", "an assessment ID is a UUID").WithCode("dpo.dpia.id"))
	} else {
		id, err = journal.ExistingID(cmd.Assessment.AssessmentID, notFound)
	}
	if err != nil {
		return ImpactResult{}, err
	}
	e := cmd.Assessment
	e.AssessmentID, e.RecordedBy = id, cmd.Actor.ID
	s := journal.Stream{Name: domaindpo.ImpactAssessmentStreamName(id), StaleCode: "dpo.dpia.changed_meanwhile"}
	load := func(ctx context.Context) (*domaindpo.ImpactAssessment, journal.Span, error) {
		a := new(domaindpo.ImpactAssessment)
		sp, err := h.journal.Replay(ctx, s.Name, "", func(ev domain.Event, _ bool) { a.Apply(ev) })
		return a, sp, err
	}
	decide := func(a *domaindpo.ImpactAssessment, _ time.Time) ([]domain.Event, error) {
		if !cmd.New && !a.Exists() {
			return nil, notFound
		}
		return a.Record(e)
	}
	var placed journal.Placed
	if cmd.New {
		placed, err = journal.RegisterOnLatest(ctx, &h.journal, cmd.Actor, s, load, decide)
	} else {
		placed, err = journal.ChangeOn(ctx, &h.journal, cmd.Actor, s, cmd.ExpectedVersion, load, decide)
	}
	if err != nil {
		return ImpactResult{}, err
	}
	return ImpactResult{AssessmentID: id, Version: placed.Version, Position: placed.Position}, nil
}
