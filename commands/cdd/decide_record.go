package cdd

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
)

// DecideRecord decides matter MatterID's record: approve, decline or
// escalate to the AML officer, with a reason. Whether the actor decides as
// the AML officer is read from their staff stream, never taken from the
// request.
type DecideRecord struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	Decision        domaincdd.Decision
	Reason          string
}

// ReviewHit decides one hit of the record's latest sanctions screening:
// the same person (Match) or not, with a reason.
type ReviewHit struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	EntryID         string
	Match           bool
	Reason          string
}

// DecideRecordHandler handles DecideRecord and ReviewHit.
type DecideRecordHandler struct{ records *Records }

// NewDecideRecordHandler returns the handler.
func NewDecideRecordHandler(records *Records) (*DecideRecordHandler, error) {
	if err := requireRecords("NewDecideRecordHandler", records); err != nil {
		return nil, err
	}
	return &DecideRecordHandler{records: records}, nil
}

// Handle decides the record; the decision in force again writes nothing.
func (h *DecideRecordHandler) Handle(ctx context.Context, cmd DecideRecord) (RecordResult, error) {
	officer, err := h.records.isOfficer(ctx, cmd.Actor.ID)
	if err != nil {
		return RecordResult{}, journal.AsDomainError(err)
	}
	return h.records.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(r *domaincdd.Record, now time.Time) ([]domain.Event, error) {
		return r.Decide(cmd.Decision, cmd.Reason, cmd.Actor.ID, officer, now)
	})
}

// HandleReview reviews the hit; the review in force again writes nothing.
func (h *DecideRecordHandler) HandleReview(ctx context.Context, cmd ReviewHit) (RecordResult, error) {
	return h.records.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(r *domaincdd.Record, _ time.Time) ([]domain.Event, error) {
		return r.ReviewHit(cmd.EntryID, cmd.Match, cmd.Reason, cmd.Actor.ID)
	})
}
