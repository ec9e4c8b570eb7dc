package journal

import (
	"errors"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// AsDomainError passes a *domain.Error through and hides anything else
// behind an internal error whose detail only reaches the log.
func AsDomainError(err error) error {
	var e *domain.Error
	if !errors.As(err, &e) {
		return domain.Internal(err)
	}
	return err
}

// AsNilOrDomain is AsDomainError that leaves no error as none.
func AsNilOrDomain(err error) error {
	if err == nil {
		return nil
	}
	return AsDomainError(err)
}

// IsStale reports a lost race, whoever detected it.
func IsStale(err error) bool { return errors.Is(err, eventstore.ErrWrongExpectedVersion) }
