package commands

import (
	"errors"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// changedMeanwhile is the catalogue code of a lost race: the caller's view
// of the contact is stale.
const changedMeanwhile = "contact.changed_meanwhile"

// asDomainError passes a *domain.Error through (giving a stale-version
// conflict its catalogue code) and hides anything else behind an internal
// error whose detail only reaches the log.
func asDomainError(err error) error {
	var e *domain.Error
	if !errors.As(err, &e) {
		return domain.Internal(err)
	}
	if e.Kind == domain.KindConflict && e.Code == "" && errors.Is(err, eventstore.ErrWrongExpectedVersion) {
		e.Code = changedMeanwhile
	}
	return err
}

// stale is the conflict of a caller whose expected version is not the
// contact's: the same error the store gives when it loses the race.
func stale(id string, expected uint64) error {
	return asDomainError(eventstore.WrongExpectedVersion(contact.StreamName(id), eventstore.Exact(expected)))
}

// isStale reports a lost race, whoever detected it.
func isStale(err error) bool { return errors.Is(err, eventstore.ErrWrongExpectedVersion) }
