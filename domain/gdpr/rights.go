package gdpr

import (
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

// Object decides to record the subject's objection to to (art. 21). An
// objection to processing rests on the subject's particular situation, so
// its reason is required; one to direct marketing needs none (art. 21.2).
// Objections are never lifted, so objecting again decides nothing.
func (s *Subject) Object(to ObjectionTo, reason string) ([]domain.Event, error) {
	if err := s.changeable(); err != nil {
		return nil, err
	}
	if err := oneOf(to, ObjectionsTo, notListed("to").WithCode("gdpr.objection.unknown")); err != nil {
		return nil, err
	}
	reason, err := cleanBlock("reason", reason, false)
	if err == nil && to == ObjectToProcessing && reason == "" {
		err = domain.Invalid("reason", "an objection to processing gives the subject's grounds").WithCode("gdpr.objection.reason_required")
	}
	if err != nil || s.state.Objected(to) {
		return nil, err
	}
	return []domain.Event{ObjectionRecorded{SubjectID: s.state.SubjectID, To: to, Reason: reason}}, nil
}

// Restrict decides to restrict processing of the subject's data (art. 18)
// for reason (required), under request requestID (optional), expected to
// last until until (optional). Restricting again under the same request
// decides nothing; under another it records that request's restriction.
func (s *Subject) Restrict(requestID, reason string, until work.Date) ([]domain.Event, error) {
	if err := s.changeable(); err != nil {
		return nil, err
	}
	var idErr error
	if requestID != "" {
		idErr = checkID(requestID, notAnID("request_id").WithCode("gdpr.request.id"))
	}
	reason, reasonErr := cleanBlock("reason", reason, true)
	if err := domain.JoinProblems(idErr, reasonErr); err != nil {
		return nil, err
	}
	if r := s.state.Restriction; r.Active && r.RequestID == requestID {
		return nil, nil
	}
	return []domain.Event{RestrictionApplied{SubjectID: s.state.SubjectID, RequestID: requestID, Reason: reason, Until: until}}, nil
}

// Lift decides that processing may resume; by is the staff member who
// lifts it (the role check, DPO only, is the edge's). A restriction that
// guards a scheduled erasure stays: the data waits, stored only, for its
// erasure date. An unrestricted subject decides nothing.
func (s *Subject) Lift(by string) ([]domain.Event, error) {
	if err := s.changeable(); err != nil {
		return nil, err
	}
	if err := checkID(by, notAnID("by").WithCode("gdpr.actor.id")); err != nil || !s.state.Restriction.Active {
		return nil, err
	}
	for _, p := range s.erasures {
		if !p.due.IsZero() && !p.approved {
			return nil, domain.Conflict("the restriction guards a scheduled erasure").WithCode("gdpr.restriction.erasure_pending")
		}
	}
	return []domain.Event{RestrictionLifted{SubjectID: s.state.SubjectID, By: by}}, nil
}
