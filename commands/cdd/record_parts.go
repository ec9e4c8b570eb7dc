package cdd

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
)

// RecordPart fills in one part of matter MatterID's record, the whole part
// each time (an edit replaces it; the log keeps every version). Exactly
// one of the part fields is set.
type RecordPart struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	Risk            *RiskPart
	Identity        *IdentityPart
	Owners          *OwnersPart
	PEP             *PEPPart
}

// RiskPart is the engagement's risk from the general assessment's factors
// (their codes), the level and the reasons.
type RiskPart struct {
	Factors []string
	Risk    domaincdd.Risk
	Reasons string
}

// IdentityPart is how and when the client's identity was verified
// (zero At: now); the verifier is the actor.
type IdentityPart struct {
	Method  domaincdd.Method
	At      time.Time
	Details string
}

// OwnersPart is an organisation's beneficial owners, or why there are
// none.
type OwnersPart struct {
	Owners     []domaincdd.BeneficialOwner
	NoneReason string
}

// PEPPart is the answer to the PEP question and its details.
type PEPPart struct {
	Answer  domaincdd.PEPAnswer
	Details string
}

// RecordPartHandler handles RecordPart.
type RecordPartHandler struct{ records *Records }

// NewRecordPartHandler returns the handler.
func NewRecordPartHandler(records *Records) (*RecordPartHandler, error) {
	if err := requireRecords("NewRecordPartHandler", records); err != nil {
		return nil, err
	}
	return &RecordPartHandler{records: records}, nil
}

// Handle records the part; the part as it stands writes nothing. The risk
// is scored against the general assessment in force when it is recorded.
func (h *RecordPartHandler) Handle(ctx context.Context, cmd RecordPart) (RecordResult, error) {
	var general domaincdd.RiskAssessmentPublished
	if cmd.Risk != nil {
		a, _, err := h.records.loadAssessment(ctx)
		if err != nil {
			return RecordResult{}, err
		}
		general = a.Current()
	}
	by := cmd.Actor.ID
	return h.records.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(r *domaincdd.Record, now time.Time) ([]domain.Event, error) {
		switch {
		case cmd.Risk != nil:
			return r.AssessRisk(general, cmd.Risk.Factors, cmd.Risk.Risk, cmd.Risk.Reasons, by)
		case cmd.Identity != nil:
			at := cmd.Identity.At
			if at.IsZero() {
				at = now
			}
			return r.VerifyIdentity(cmd.Identity.Method, at, cmd.Identity.Details, by, now)
		case cmd.Owners != nil:
			return r.RecordOwners(cmd.Owners.Owners, cmd.Owners.NoneReason, by)
		case cmd.PEP != nil:
			return r.AnswerPEP(cmd.PEP.Answer, cmd.PEP.Details, by)
		}
		return nil, domain.Invalid("part", "say which part of the record to fill in").WithCode("cdd.record.part")
	})
}
