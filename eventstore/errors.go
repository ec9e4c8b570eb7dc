package eventstore

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/klient-crm/klient/domain"
)

// Sentinel errors adapters return (wrapped in *domain.Error where a user may
// see them).
var (
	ErrWrongExpectedVersion = errors.New("wrong expected version")
	ErrStreamNotFound       = errors.New("stream not found")
	ErrSubscriptionClosed   = errors.New("subscription closed")

	// ErrPositionNotARecord: the position a read of the whole log starts
	// after names no event of the log (a number made by hand, or a
	// checkpoint kept from another log). EventStoreDB refuses to read from
	// inside a record.
	ErrPositionNotARecord = errors.New("the position names no event of the event log")
	// ErrPositionBeyondEnd: the position lies past the last event of the
	// log. Read from there the log would look empty, and a subscription
	// would skip every later event until the log grew past it. A checkpoint
	// kept while the log was restored from an older backup is the usual
	// cause.
	ErrPositionBeyondEnd = errors.New("the position lies beyond the end of the event log")

	// ErrOutcomeUnknown: an append whose answer was lost. The store may
	// have written it or not: the connection or the node was lost while
	// it was on its way, the caller's ctx ended while it was, or the
	// cluster did not confirm it in time (and may still). Sending the same
	// events again — the same IDs, the same expected version — finds out
	// safely for NoStream and Exact (see Store.Append).
	ErrOutcomeUnknown = errors.New("the outcome of the append is unknown")
)

// OutcomeUnknown is the error adapters return for an append whose answer
// was lost; cause stays for the log. It is KindInternal with its own
// catalogue code, and the HTTP edge answers it 503 with Retry-After.
func OutcomeUnknown(stream string, cause error) error {
	return &domain.Error{
		Kind:    domain.KindInternal,
		Code:    "store.outcome_unknown",
		Message: "the event store did not confirm the change, which may have been saved; send the same change again in a while",
		Err:     errors.Join(ErrOutcomeUnknown, fmt.Errorf("append to %s: %w", stream, cause)),
	}
}

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
