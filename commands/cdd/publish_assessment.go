package cdd

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
)

// PublishAssessment publishes the next version of the firm's general risk
// assessment, whole. ExpectedVersion is the stream version the AML
// officer edited; the first publication sets New.
type PublishAssessment struct {
	Actor           journal.Actor
	ExpectedVersion uint64
	New             bool
	Factors         []domaincdd.Factor
	NormalFrom      int
	HighFrom        int
	Summary         string
}

// AssessmentResult tells the caller where the publication left the
// assessment.
type AssessmentResult struct {
	Version       int    // the assessment's own version, as records name it
	StreamVersion uint64 // send it back as ExpectedVersion with the next publication
}

// PublishAssessmentHandler handles PublishAssessment.
type PublishAssessmentHandler struct{ records *Records }

// NewPublishAssessmentHandler returns the handler.
func NewPublishAssessmentHandler(records *Records) (*PublishAssessmentHandler, error) {
	if err := requireRecords("NewPublishAssessmentHandler", records); err != nil {
		return nil, err
	}
	return &PublishAssessmentHandler{records: records}, nil
}

// Handle publishes; the version in force again writes nothing.
func (h *PublishAssessmentHandler) Handle(ctx context.Context, cmd PublishAssessment) (AssessmentResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return AssessmentResult{}, err
	}
	s := journal.Stream{Name: domaincdd.AssessmentStreamName(), StaleCode: "cdd.assessment.changed_meanwhile"}
	var published *domaincdd.RiskAssessment
	load := func(ctx context.Context) (*domaincdd.RiskAssessment, journal.Span, error) {
		a, sp, err := h.records.loadAssessment(ctx)
		published = a
		return a, sp, err
	}
	decide := func(a *domaincdd.RiskAssessment, now time.Time) ([]domain.Event, error) {
		evs, err := a.Publish(domaincdd.RiskAssessmentPublished{Factors: cmd.Factors, NormalFrom: cmd.NormalFrom,
			HighFrom: cmd.HighFrom, Summary: cmd.Summary, PublishedBy: cmd.Actor.ID}, now)
		for _, e := range evs {
			a.Apply(e)
		}
		return evs, err
	}
	var p journal.Placed
	var err error
	if cmd.New {
		p, err = journal.RegisterOnLatest(ctx, &h.records.journal, cmd.Actor, s, load, decide)
	} else {
		p, err = journal.ChangeOn(ctx, &h.records.journal, cmd.Actor, s, cmd.ExpectedVersion, load, decide)
	}
	if err != nil {
		return AssessmentResult{}, err
	}
	return AssessmentResult{Version: published.Current().Version, StreamVersion: p.Version}, nil
}
