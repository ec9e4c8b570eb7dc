package eventstore

import (
	"errors"
	"strconv"

	"github.com/klient-crm/klient/domain"
)

// Sentinel errors adapters return (wrapped in *domain.Error where a user may
// see them).
var (
	ErrWrongExpectedVersion = errors.New("wrong expected version")
	ErrStreamNotFound       = errors.New("stream not found")
	ErrSubscriptionClosed   = errors.New("subscription closed")
)

// WrongExpectedVersion builds the conflict error adapters return; the message
// is the one a person reads when two people changed the same record at once.
func WrongExpectedVersion(stream string, expected ExpectedVersion) error {
	return &domain.Error{
		Kind:    domain.KindConflict,
		Message: "this record was changed by someone else in the meantime; reload it and try again",
		Err:     errors.Join(ErrWrongExpectedVersion, errors.New("stream "+stream+" expected "+expected.String())),
	}
}

func uitoa(v uint64) string { return strconv.FormatUint(v, 10) }
