package projections_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
)

type domainEvent = domain.Event

// Ticked is a test event without personal data.
type Ticked struct {
	N int `json:"n"`
}

// Poisoned is a test event the tally projector cannot apply while its
// poison switch is on.
type Poisoned struct{}

func (Ticked) EventType() string    { return "projtest.Ticked" }
func (Ticked) SchemaVersion() int   { return 1 }
func (Poisoned) EventType() string  { return "projtest.Poisoned" }
func (Poisoned) SchemaVersion() int { return 1 }

// tally records every event it is given as one row, deliberately without a
// key: applying an event twice leaves two rows, so a test sees any double
// application.
type tally struct {
	version int
	delay   time.Duration // per batch, inside the transaction
	poison  atomic.Int32  // 0 off, 1 error, 2 panic on Poisoned
	applies atomic.Int64
}

func newTally(version int) *tally { return &tally{version: version} }

func (p *tally) Name() string { return "tally" }
func (p *tally) Version() int { return p.version }

func (p *tally) table() string { return fmt.Sprintf("tally_v%d", p.version) }

func (p *tally) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `CREATE TABLE `+p.table()+` (event_id uuid NOT NULL, type text NOT NULL)`)
	return err
}

func (p *tally) Drop(ctx context.Context, tx pgx.Tx) error {
	for v := 1; v <= p.version; v++ {
		if _, err := tx.Exec(ctx, fmt.Sprintf(`DROP TABLE IF EXISTS tally_v%d`, v)); err != nil {
			return err
		}
	}
	return nil
}

// Apply writes the rows first and fails afterwards, so a failing batch has
// written rows that the transaction must roll back.
func (p *tally) Apply(ctx context.Context, tx pgx.Tx, batch []eventstore.Decoded) error {
	p.applies.Add(1)
	rows := make([][]any, len(batch))
	for i, d := range batch {
		rows[i] = []any{d.ID, d.Type}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{p.table()}, []string{"event_id", "type"}, pgx.CopyFromRows(rows)); err != nil {
		return err
	}
	time.Sleep(p.delay)
	for _, d := range batch {
		if _, ok := d.Event.(Poisoned); ok {
			switch p.poison.Load() {
			case 1:
				return errors.New("tally: refusing a poisoned event")
			case 2:
				panic("tally: poisoned")
			}
		}
	}
	return nil
}
