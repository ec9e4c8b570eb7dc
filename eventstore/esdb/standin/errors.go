package standin

import (
	"context"
	"errors"
	"strconv"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// rpcError is a failure the real server reports as a gRPC status with an
// "exception" trailer naming its kind.
type rpcError struct {
	code      codes.Code
	exception string
	message   string
	details   []string // more trailer pairs, key then value
}

func (e *rpcError) Error() string              { return e.message }
func (e *rpcError) GRPCStatus() *status.Status { return status.New(e.code, e.message) }

func badRequest(msg string) error {
	return &rpcError{code: codes.InvalidArgument, exception: "bad-request", message: msg}
}

func missingMetadata(key string) error {
	return &rpcError{code: codes.InvalidArgument, exception: "missing-required-metadata-property",
		message: "Required Metadata Property '" + key + "' is missing"}
}

func appendTooLarge() error {
	return &rpcError{code: codes.InvalidArgument, exception: "maximum-append-size-exceeded",
		message: "Maximum Append Size of 1048576 Exceeded."}
}

func unsupported(msg string) error {
	return &rpcError{code: codes.Unimplemented, exception: "not-supported", message: msg}
}

// invalidPosition is the real server's answer to a $all read or
// subscription from inside a record: a bare status, no exception trailer.
func invalidPosition() error {
	return &rpcError{code: codes.InvalidArgument, message: "Trying to read from an invalid position."}
}

// withTrailer attaches the exception trailer the client inspects.
func withTrailer(ctx context.Context, err error) error {
	var e *rpcError
	if errors.As(err, &e) && e.exception != "" {
		_ = grpc.SetTrailer(ctx, metadata.Pairs(append([]string{"exception", e.exception}, e.details...)...))
	}
	return err
}

func accessDenied() error {
	return &rpcError{code: codes.PermissionDenied, exception: "access-denied", message: "Access Denied"}
}

// notLeader is a follower's answer to a call that requires the leader: the
// leader's address in the trailers, which the client connects to at once.
func notLeader(host string, port int) error {
	return &rpcError{code: codes.NotFound, exception: "not-leader", message: "Leader info available",
		details: []string{"leader-endpoint-host", host, "leader-endpoint-port", strconv.Itoa(port)}}
}

// commitTimedOut is the leader's answer when the cluster has not confirmed
// a write within its commit timeout: a bare Aborted status. The write may
// still commit.
func commitTimedOut() error {
	return &rpcError{code: codes.Aborted, message: "Operation timed out: Commit timeout."}
}
