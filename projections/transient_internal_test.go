package projections

import (
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestTransient(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&pgconn.PgError{Code: "57P01"}, true}, // admin shutdown
		{fmt.Errorf("apply: %w", &pgconn.PgError{Code: "08006"}), true},
		{&pgconn.PgError{Code: "40P01"}, true},
		{&net.OpError{Op: "dial", Err: errors.New("connection refused")}, true},
		{&pgconn.PgError{Code: "23505"}, false}, // unique violation: the batch's fault
		{&pgconn.PgError{Code: "42P01"}, false}, // missing table
		{errors.New("tally: refusing a poisoned event"), false},
	} {
		if got := transient(c.err); got != c.want {
			t.Errorf("transient(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
