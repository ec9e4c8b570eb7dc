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
	id, placed, err := recordWhole(ctx, &h.journal, cmd.Actor, cmd.New, cmd.ExpectedVersion, cmd.Assessment.AssessmentID, impactEntry,
		func(a *domaindpo.ImpactAssessment, id string, _ time.Time) ([]domain.Event, error) {
			e := cmd.Assessment
			e.AssessmentID, e.RecordedBy = id, cmd.Actor.ID
			return a.Record(e)
		})
	if err != nil {
		return ImpactResult{}, err
	}
	return ImpactResult{AssessmentID: id, Version: placed.Version, Position: placed.Position}, nil
}

// impactEntry is an impact assessment's stream and refusals.
var impactEntry = wholeEntry[*domaindpo.ImpactAssessment]{
	fresh:     func() *domaindpo.ImpactAssessment { return new(domaindpo.ImpactAssessment) },
	stream:    domaindpo.ImpactAssessmentStreamName,
	staleCode: "dpo.dpia.changed_meanwhile",
	badID: func() error {
		return domain.Invalid("assessment_id", "an assessment ID is a UUID").WithCode("dpo.dpia.id")
	},
	notFound: func() error {
		return domain.NotFound("there is no such impact assessment").WithCode("dpo.dpia.not_found")
	},
}
