package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/audit"
)

// trail is one test's database with the audit table and the access log.
type trail struct {
	t    *testing.T
	pool *pgxpool.Pool
	next uint64 // the next position's commit part
}

func newTrail(t *testing.T) *trail {
	t.Helper()
	pool := pgtest.NewPool(t)
	ctx := context.Background()
	if _, err := pgmigrate.Apply(ctx, pool, accesslog.Migrations()); err != nil {
		t.Fatal(err)
	}
	tr := &trail{t: t, pool: pool, next: 100}
	tr.inTx(func(tx pgx.Tx) error { return audit.NewProjector().Setup(ctx, tx) })
	return tr
}

func (tr *trail) inTx(f func(pgx.Tx) error) {
	tr.t.Helper()
	if err := pgx.BeginFunc(context.Background(), tr.pool, f); err != nil {
		tr.t.Fatal(err)
	}
}

// apply projects events as the runtime would, in one batch.
func (tr *trail) apply(events ...eventstore.Decoded) {
	tr.t.Helper()
	tr.inTx(func(tx pgx.Tx) error { return audit.NewProjector().Apply(context.Background(), tx, events) })
}

// event makes a decoded event at the next position.
func (tr *trail) event(stream string, version uint64, ev domain.Event, md eventstore.Metadata) eventstore.Decoded {
	tr.next++
	return eventstore.Decoded{Envelope: eventstore.Envelope{
		ID: uuid.Must(uuid.NewV7()), Stream: stream, Type: ev.EventType(), SchemaVersion: ev.SchemaVersion(),
		Metadata: md, Version: version, Position: eventstore.Position{Commit: tr.next, Prepare: 1},
		RecordedAt: md.OccurredAt.Add(time.Millisecond),
	}, Event: ev}
}

// access writes an access-log entry as the HTTP layer would.
func (tr *trail) access(e accesslog.Entry) {
	tr.t.Helper()
	if err := accesslog.Record(context.Background(), tr.pool, nil, e); err != nil { // no purposes
		tr.t.Fatal(err)
	}
}

// at is a fixed instant plus minutes, so that orders are predictable.
func at(minutes int) time.Time {
	return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC).Add(time.Duration(minutes) * time.Minute)
}

// all pages through search until the end.
func all(t *testing.T, search func(audit.Filter) (audit.Page, error), f audit.Filter) []audit.Row {
	t.Helper()
	var rows []audit.Row
	for range 100 {
		page, err := search(f)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, page.Rows...)
		if page.Next.IsZero() {
			return rows
		}
		f.After = page.Next
	}
	t.Fatal("pagination did not end")
	return nil
}
