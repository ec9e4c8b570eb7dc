package matter

import "github.com/klient-crm/klient/domain"

// Activate decides that the intake opens. It needs a conflict check
// recorded after the last change of parties, decided clear or waived. An
// open matter decides nothing.
func (m *Matter) Activate() ([]domain.Event, error) {
	if err := m.active(); err != nil || m.status == StatusOpen {
		return nil, err
	}
	if m.conflict.declined {
		return nil, declinedError()
	}
	decision, current := m.ConflictCheckCurrent()
	if !current {
		return nil, domain.Conflict("run and record a conflict check over the current parties first").WithCode("matter.conflict.check_required")
	}
	if decision != DecisionClear && decision != DecisionWaived {
		return nil, declinedError()
	}
	return []domain.Event{MatterActivated{MatterID: m.id}}, nil
}

// Close decides that the matter is closed: an open matter whose work is
// done, or an intake that does not proceed. A closed matter decides
// nothing.
func (m *Matter) Close() ([]domain.Event, error) {
	if err := m.changeable(); err != nil || m.status == StatusClosed {
		return nil, err
	}
	return []domain.Event{MatterClosed{MatterID: m.id}}, nil
}

// Reopen decides that a closed matter returns to the status it was closed
// from, for the reason given (required). A matter that is not closed
// decides nothing.
func (m *Matter) Reopen(reason string) ([]domain.Event, error) {
	if err := m.changeable(); err != nil {
		return nil, err
	}
	reason, err := cleanBlock("reason", reason, maxReasonLength, true)
	if err != nil || m.status != StatusClosed {
		return nil, err
	}
	return []domain.Event{MatterReopened{MatterID: m.id, MatterSubject: Subject(m.id), Status: m.closedFrom,
		ReasonSubject: m.detailsKey.subject, Reason: reason}}, nil
}

// Archive decides that a closed matter is put away for good. An archived
// matter decides nothing; one that is not closed is refused.
func (m *Matter) Archive() ([]domain.Event, error) {
	if !m.Exists() {
		return nil, domain.NotFound("there is no such matter").WithCode("matter.not_found")
	}
	if m.status == StatusArchived {
		return nil, nil
	}
	if err := m.changeable(); err != nil {
		return nil, err
	}
	if m.status != StatusClosed {
		return nil, domain.Conflict("only a closed matter can be archived").WithCode("matter.not_closed")
	}
	return []domain.Event{MatterArchived{MatterID: m.id}}, nil
}
