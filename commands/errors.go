package commands

import (
	"errors"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// stream names one aggregate's event stream, with the catalogue code of a
// lost race on it (the caller's view of that record is stale).
type stream struct {
	name      string
	staleCode string
}

// asDomainError passes a *domain.Error through and hides anything else
// behind an internal error whose detail only reaches the log.
func asDomainError(err error) error {
	var e *domain.Error
	if !errors.As(err, &e) {
		return domain.Internal(err)
	}
	return err
}

// conflict is asDomainError for a write to s: a stale-version conflict
// gets s's catalogue code.
func (s stream) conflict(err error) error {
	var e *domain.Error
	if errors.As(err, &e) && e.Kind == domain.KindConflict && e.Code == "" && isStale(err) {
		e.Code = s.staleCode
	}
	return asDomainError(err)
}

// stale is the conflict of a caller whose expected version is not the
// stream's: the same error the store gives when it loses the race.
func (s stream) stale(expected uint64) error {
	return s.conflict(eventstore.WrongExpectedVersion(s.name, eventstore.Exact(expected)))
}

// isStale reports a lost race, whoever detected it.
func isStale(err error) bool { return errors.Is(err, eventstore.ErrWrongExpectedVersion) }
