package esdb

import (
	"context"
	"errors"
	"fmt"

	"github.com/kurrent-io/KurrentDB-Client-Go/kurrentdb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// translate turns a client error into the port's errors. The client wraps
// its *kurrentdb.Error in fmt errors, hence errors.As.
func translate(ctx context.Context, op string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	var mine *domain.Error
	if errors.As(err, &mine) {
		return err // already the port's (an event Klient did not write)
	}
	var e *kurrentdb.Error
	if errors.As(err, &e) {
		switch e.Code() {
		case kurrentdb.ErrorCodeResourceNotFound, kurrentdb.ErrorCodeStreamDeleted:
			return eventstore.ErrStreamNotFound
		case kurrentdb.ErrorCodeDeadlineExceeded:
			return fmt.Errorf("esdb: %s: %w", op, context.DeadlineExceeded)
		}
	}
	if s, ok := status.FromError(err); ok && s.Code() == codes.InvalidArgument && op == "append" {
		// The server refuses an append it cannot take, such as one beyond
		// its maximum size; the caller's input is at fault. (Reads of $all
		// refused as InvalidArgument started inside a record: failedRead.)
		return &domain.Error{Kind: domain.KindInvalid, Field: "events",
			Message: "the event store refused these events (too large or malformed)", Err: err}
	}
	return domain.Internal(fmt.Errorf("esdb: %s: %w", op, err))
}

func isWrongExpectedVersion(err error) bool {
	code, ok := clientCode(err)
	return ok && code == kurrentdb.ErrorCodeWrongExpectedVersion
}

// clientCode is the client's error code inside err, if it holds one.
func clientCode(err error) (kurrentdb.ErrorCode, bool) {
	var e *kurrentdb.Error
	if errors.As(err, &e) {
		return e.Code(), true
	}
	return 0, false
}
