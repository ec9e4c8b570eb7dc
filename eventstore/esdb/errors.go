package esdb

import (
	"context"
	"errors"
	"fmt"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// translate turns a client error into the port's errors. The client wraps
// its *esdb.Error in fmt errors, hence errors.As.
func translate(ctx context.Context, op string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	var e *esdb.Error
	if errors.As(err, &e) {
		switch e.Code() {
		case esdb.ErrorCodeResourceNotFound, esdb.ErrorCodeStreamDeleted:
			return eventstore.ErrStreamNotFound
		case esdb.ErrorCodeDeadlineExceeded:
			return fmt.Errorf("esdb: %s: %w", op, context.DeadlineExceeded)
		}
	}
	if s, ok := status.FromError(err); ok && s.Code() == codes.InvalidArgument {
		// The server refuses a request it cannot take, such as an append
		// beyond its maximum size; the caller's input is at fault.
		return &domain.Error{Kind: domain.KindInvalid, Field: "events",
			Message: "the event store refused these events (too large or malformed)", Err: err}
	}
	return domain.Internal(fmt.Errorf("esdb: %s: %w", op, err))
}

func isWrongExpectedVersion(err error) bool {
	var e *esdb.Error
	return errors.As(err, &e) && e.Code() == esdb.ErrorCodeWrongExpectedVersion
}
