package postgres

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

// The session of an append is ended by the server between its statement
// and its COMMIT (an administrator, a fail-over of the database): no answer
// says whether it was written. The append is ErrOutcomeUnknown, not a plain
// failure; resent with the same events it is written once.
func TestAppendWhoseSessionEndsIsOutcomeUnknown(t *testing.T) {
	pool := newPool(t, 0)
	s := newStoreOn(t, pool)
	dsn := pool.Config().ConnConfig.ConnString()
	first := true
	s.beforeCommit = func(ctx context.Context) error {
		if !first {
			return nil
		}
		first = false
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer conn.Close(context.Background())
		_, err = conn.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
			WHERE datname = current_database() AND state = 'idle in transaction'`)
		return err
	}
	evs := benchEvents(2)
	_, err := s.Append(context.Background(), "matter-u", eventstore.NoStream, evs)
	if !errors.Is(err, eventstore.ErrOutcomeUnknown) || domain.KindOf(err) != domain.KindInternal {
		t.Fatalf("append whose session ended before COMMIT: %v, want ErrOutcomeUnknown", err)
	}
	res, err := s.Append(context.Background(), "matter-u", eventstore.NoStream, evs)
	if err != nil {
		t.Fatalf("resend: %v", err)
	}
	got, err := s.ReadStream(context.Background(), "matter-u", 0, 10)
	if err != nil || len(got) != 2 || got[0].ID != evs[0].ID || res.LastVersion != 1 {
		t.Errorf("after the resend the stream holds %d events (%v), last version %d; want the two once", len(got), err, res.LastVersion)
	}
}
