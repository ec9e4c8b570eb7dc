package matter

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// RecordConflictDecision records the lawyer's decision on a conflict
// check, together with the check itself: its inputs, the index's position
// and every hit. The firm can later show what it knew at intake.
type RecordConflictDecision struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	// Fingerprint is the reviewed ConflictReport's.
	Fingerprint string
	Decision    domainmatter.ConflictDecision
	Reason      string // required for a waiver; sealed with the matter's key
}

// HandleDecision runs the check again and records it with the decision,
// but only if it still finds what the lawyer reviewed (same fingerprint):
// a party or a hit that appeared since must be seen before anyone decides
// on it.
func (h *ConflictCheckHandler) HandleDecision(ctx context.Context, cmd RecordConflictDecision) (MatterResult, error) {
	if cmd.Fingerprint == "" {
		return MatterResult{}, domain.Invalid("fingerprint", "run the conflict check and review its result first").WithCode("matter.conflict.not_reviewed")
	}
	checkID, err := uuid.NewV7()
	if err != nil {
		return MatterResult{}, domain.Internal(err)
	}
	return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *domainmatter.Matter, now time.Time) ([]domain.Event, error) {
		if m.Exists() && m.Version() != cmd.ExpectedVersion {
			return nil, matterStream(m.ID()).Stale(cmd.ExpectedVersion)
		}
		r, err := h.report(ctx, m, now)
		if err != nil {
			return nil, err
		}
		if r.Fingerprint != cmd.Fingerprint {
			return nil, domain.Conflict("the conflict check finds something else now; review it again").WithCode("matter.conflict.result_changed")
		}
		return m.RecordConflictCheck(domainmatter.ConflictCheck{CheckID: checkID.String(), RanAt: now, Position: logPosition(r.Position),
			Inputs: r.Inputs, Hits: r.Hits, Decision: cmd.Decision, Reason: cmd.Reason, DecidedBy: cmd.Actor.ID})
	})
}
