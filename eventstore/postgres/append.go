package postgres

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/eventstore"
)

// Append writes evs at the end of stream if exp holds, in one statement.
// When it does not hold, a retry of an append that already succeeded gets
// the original result; anything else is a conflict.
func (s *Store) Append(ctx context.Context, stream string, exp eventstore.ExpectedVersion, evs []eventstore.Envelope) (eventstore.AppendResult, error) {
	if err := validateAppend(stream, evs); err != nil {
		return eventstore.AppendResult{}, err
	}
	b, err := newBatch(evs)
	if err != nil {
		return eventstore.AppendResult{}, err
	}
	if err := ctx.Err(); err != nil {
		return eventstore.AppendResult{}, err // nothing sent: the outcome is known
	}
	res, written, err := s.write(ctx, stream, exp, b)
	switch {
	case err != nil && answerLost(ctx, err):
		return eventstore.AppendResult{}, eventstore.OutcomeUnknown(stream, err)
	case err != nil && !isLostRace(err):
		return eventstore.AppendResult{}, fmt.Errorf("eventstore/postgres: append: %w", err)
	}
	if written {
		s.appended()
		return res, nil
	}
	return s.settleConflict(ctx, stream, exp, b)
}

// write runs the append statement and reports whether it wrote the batch.
func (s *Store) write(ctx context.Context, stream string, exp eventstore.ExpectedVersion, b batch) (eventstore.AppendResult, bool, error) {
	args := b.args(stream)
	if v, ok := exp.Version(); ok {
		if v >= math.MaxInt64-uint64(len(b.ids)) {
			return eventstore.AppendResult{}, false, nil // no stream gets that long
		}
		args = append(args, int64(v))
	}
	sql := appendSQL(exp, len(b.ids))
	if s.beforeCommit != nil {
		return s.writeInTx(ctx, sql, args, len(b.ids))
	}
	return scanWritten(s.pool.QueryRow(ctx, sql, args...), len(b.ids))
}

// writeInTx is write with the tests' hook between statement and commit.
func (s *Store) writeInTx(ctx context.Context, sql string, args []any, n int) (eventstore.AppendResult, bool, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return eventstore.AppendResult{}, false, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // no-op after commit
	res, written, err := scanWritten(tx.QueryRow(ctx, sql, args...), n)
	if err != nil || !written {
		return res, written, err
	}
	if err := s.beforeCommit(ctx); err != nil {
		return eventstore.AppendResult{}, false, err
	}
	return res, true, tx.Commit(ctx)
}

func scanWritten(row pgx.Row, n int) (eventstore.AppendResult, bool, error) {
	var count, version, xid, seq int64
	err := row.Scan(&count, &version, &xid, &seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return eventstore.AppendResult{}, false, nil // insertOne's claim did not hold
	}
	if err != nil {
		return eventstore.AppendResult{}, false, err
	}
	if count != int64(n) {
		return eventstore.AppendResult{}, false, nil
	}
	return eventstore.AppendResult{LastVersion: uint64(version), LastPosition: position(xid, seq)}, true, nil
}

// answerLost reports an append that may have committed though its answer
// never came: the statement (or the COMMIT) was sent — pgx's SafeToRetry
// says when it surely was not — and then the connection broke, the server
// shut the session down, or the caller's ctx ended and pgx closed the
// connection. Any other answer from the server is a refusal: an append is
// one statement, which a refusal rolls back.
func answerLost(ctx context.Context, err error) bool {
	if pgconn.SafeToRetry(err) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch code := pgErr.Code; {
		case strings.HasPrefix(code, "08"), code == "57P01", code == "57P02", code == "57P03":
			return true
		}
		return false
	}
	return ctx.Err() != nil || transient(err)
}

// isLostRace reports errors that mean another writer got there first.
func isLostRace(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	switch pgErr.Code {
	case "23505", "40001", "40P01": // unique_violation, serialization_failure, deadlock_detected
		return true
	}
	return false
}

func position(xid, seq int64) eventstore.Position {
	return eventstore.Position{Commit: uint64(xid), Prepare: uint64(seq)}
}
