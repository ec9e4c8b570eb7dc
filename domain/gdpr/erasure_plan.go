package gdpr

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// PlanErasure decides what erasure request requestID, asked for by by,
// comes to given the holds found now (see Holds):
//   - no hold: ErasureRequested and ErasureApproved, for the executor;
//   - holds with an end: ErasureRequested, a RestrictionApplied (unless
//     restricted already) and ErasureScheduled for Held.DueOn, with the
//     refusal of ErasureDecision: the events are to be appended AND the
//     refusal shown;
//   - a hold kept open by an open matter: the refusal, and no events.
//
// Deciding again decides only what changed (the scheduler re-runs a due
// erasure this way: it is approved, or scheduled anew if a hold moved). An
// approved erasure decides nothing more.
func (s *Subject) PlanErasure(requestID, by string, holds []Hold, now time.Time) ([]domain.Event, Held, error) {
	if err := s.changeable(); err != nil {
		return nil, Held{}, err
	}
	err := domain.JoinProblems(checkID(requestID, notAnID("request_id").WithCode("gdpr.request.id")),
		checkID(by, notAnID("by").WithCode("gdpr.actor.id")))
	if err != nil {
		return nil, Held{}, err
	}
	p := s.erasures[requestID]
	if p != nil && p.approved {
		return nil, Held{}, nil
	}
	held, refusal := ErasureDecision(holds, now)
	if held.OpenEnded {
		return nil, held, refusal
	}
	var evs []domain.Event
	if p == nil || !p.requested {
		evs = append(evs, ErasureRequested{SubjectID: s.state.SubjectID, RequestID: requestID, RequestedBy: by})
	}
	if refusal == nil {
		return append(evs, ErasureApproved{SubjectID: s.state.SubjectID, RequestID: requestID, ApprovedBy: by}), held, nil
	}
	return append(evs, s.holdBack(requestID, held)...), held, refusal
}

// holdBack restricts the subject (art. 18.1 b–c: the subject wants the
// data gone, the firm must keep it) and schedules the erasure.
func (s *Subject) holdBack(requestID string, held Held) []domain.Event {
	var evs []domain.Event
	if !s.state.Restriction.Active {
		evs = append(evs, RestrictionApplied{SubjectID: s.state.SubjectID, RequestID: requestID,
			Reason: "Radering begärd; uppgifterna bevaras enligt lag till och med " + held.Until.String(), Until: held.Until})
	}
	if p := s.erasures[requestID]; p == nil || p.due != held.DueOn() {
		evs = append(evs, ErasureScheduled{SubjectID: s.state.SubjectID, RequestID: requestID, At: held.DueOn(), Grounds: held.Grounds})
	}
	return evs
}

// RecordErasure decides that the approved erasure requestID was carried
// out at erasedAt, destroying the key with fingerprint tombstone. It is the
// executor's: call it after crypto's Shred (the replay then reports the
// subject erased, which this decision allows). Recorded once; again it
// decides nothing.
func (s *Subject) RecordErasure(requestID string, erasedAt time.Time, tombstone string) ([]domain.Event, error) {
	if s.erasedRecorded() {
		return nil, nil
	}
	p := s.erasures[requestID]
	if p == nil || !p.approved {
		return nil, domain.Conflict("this erasure has not been approved").WithCode("gdpr.erasure.not_approved")
	}
	if tombstone == "" {
		return nil, domain.Invalid("key_tombstone", "name the destroyed key").WithCode("gdpr.erasure.tombstone_required")
	}
	return []domain.Event{SubjectErased{SubjectID: s.state.SubjectID, RequestID: requestID,
		ApprovedBy: p.approvedBy, ErasedAt: erasedAt.UTC(), KeyTombstone: tombstone}}, nil
}

// RecordMergedErasure decides that this subject, a contact merged into
// survivor, was erased with it at erasedAt, destroying the key with
// fingerprint tombstone (issue 14: erasing the survivor erases both
// people, who were one). The survivor's approved erasure requestID is
// what carries it out; the survivor's plan must have approved it, which
// the executor checked. Recorded once; again it decides nothing.
func (s *Subject) RecordMergedErasure(survivor *Subject, requestID string, erasedAt time.Time, tombstone string) ([]domain.Event, error) {
	if s.erasedRecorded() {
		return nil, nil
	}
	p := survivor.erasures[requestID]
	if p == nil || !p.approved {
		return nil, domain.Conflict("this erasure has not been approved").WithCode("gdpr.erasure.not_approved")
	}
	if tombstone == "" {
		return nil, domain.Invalid("key_tombstone", "name the destroyed key").WithCode("gdpr.erasure.tombstone_required")
	}
	return []domain.Event{SubjectErased{SubjectID: s.state.SubjectID, RequestID: requestID,
		ApprovedBy: p.approvedBy, ErasedAt: erasedAt.UTC(), KeyTombstone: tombstone}}, nil
}
