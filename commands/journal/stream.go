package journal

import (
	"errors"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// Stream names one aggregate's event stream, with the catalogue code of a
// lost race on it (the caller's view of that record is stale).
type Stream struct {
	Name      string
	StaleCode string
}

// Conflict is AsDomainError for a write to s: a stale-version conflict
// gets s's catalogue code.
func (s Stream) Conflict(err error) error {
	var e *domain.Error
	if errors.As(err, &e) && e.Kind == domain.KindConflict && e.Code == "" && IsStale(err) {
		e.Code = s.StaleCode
	}
	return AsDomainError(err)
}

// Stale is the conflict of a caller whose expected version is not the
// stream's: the same error the store gives when it loses the race.
func (s Stream) Stale(expected uint64) error {
	return s.Conflict(eventstore.WrongExpectedVersion(s.Name, eventstore.Exact(expected)))
}
