// Package outbox is the mail outbox: every e-mail Klient is to send, one
// row per recipient, with its delivery state (queued, sending, sent,
// failed, bounced, cancelled, uncertain).
//
// # Queued in the same transaction as the log's checkpoint
//
// An e-mail is asked for by an event (communication.MailRequested). The
// log may live in KurrentDB, where no transaction spans the log and
// PostgreSQL, so the outbox is fed from the log by a projector: the
// runtime applies a batch of requests and moves the projector's
// checkpoint in one PostgreSQL transaction, so a request is queued
// exactly once — never lost between the event and the queue, never
// queued twice (mail_id is the key, and a replay inserts nothing new).
//
// # Not a read model to rebuild
//
// The rows carry what happened at send time, which the log does not
// hold, so the table belongs to this package's migrations, not to the
// projector: Setup and Drop leave it alone, and a rebuild or a restore
// replays the requests into the rows already there (ON CONFLICT DO
// NOTHING), sending nothing again. Backups keep the table
// (internal/backup), so a restore does not send old mail again either.
//
// # No personal data
//
// A row holds IDs, states, times and error codes. The address and the
// text stay sealed in the log with the recipient's key; the sender opens
// them as it sends (internal/mailer). An erasure destroys the key, and
// mail still queued for that person is cancelled unsent.
package outbox

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/projections"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the outbox's schema (component "outbox").
func Migrations() pgmigrate.Set {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic("outbox: embedded migrations: " + err.Error()) // cannot happen: the directory is embedded
	}
	return pgmigrate.Set{Component: "outbox", Files: sub}
}

// The delivery states of one e-mail.
const (
	StatusQueued    = "queued"    // waiting for its next attempt
	StatusSending   = "sending"   // a sender holds it now
	StatusSent      = "sent"      // the mail server took it
	StatusFailed    = "failed"    // refused for good, or retried until given up
	StatusBounced   = "bounced"   // taken, then returned as undeliverable
	StatusCancelled = "cancelled" // not sent: the person was erased first
	StatusUncertain = "uncertain" // sent twice without an answer: not sent a third time
)

// Projector queues each requested e-mail.
type Projector struct{}

// New returns the projector.
func New() *Projector { return &Projector{} }

var (
	_ projections.Projector   = (*Projector)(nil)
	_ projections.EventFilter = (*Projector)(nil)
	_ projections.Holder      = (*Projector)(nil)
)

// Name is the projector's checkpoint name.
func (*Projector) Name() string { return "outbox" }

// Version is 1. Raising it would replay every request into the table,
// which sends nothing again but queues requests whose rows were deleted.
func (*Projector) Version() int { return 1 }

// Setup creates nothing: the table is the migrations'.
func (*Projector) Setup(context.Context, pgx.Tx) error { return nil }

// Drop drops nothing: the rows record deliveries the log does not hold.
func (*Projector) Drop(context.Context, pgx.Tx) error { return nil }

// Handles takes the requests, the matters' automatic messages and the
// campaigns' schedules.
func (*Projector) Handles(eventType string) bool {
	switch eventType {
	case communication.TypeMailRequested, communication.TypeAutomaticMessagesSet, communication.TypeCampaignScheduled,
		communication.TypeCampaignCancelled, communication.TypeCampaignStarted:
		return true
	}
	return false
}

// Holdings says the outbox keeps no sealed words.
func (*Projector) Holdings() []projections.Holding {
	return []projections.Holding{{
		Fields:  []string{communication.TypeMailRequested + ".mail", communication.TypeMailRequested + ".text"},
		NotKept: "the outbox keeps IDs and states; the sender opens the address and text from the log as it sends",
	}}
}

// Apply queues every request of the batch not yet queued. A request
// whose recipient was erased before it was queued is recorded cancelled.
// The table is named with its schema: during a rebuild beside, the
// runtime points search_path at the rebuild's schema, and the rows
// belong in the one outbox.
func (*Projector) Apply(ctx context.Context, tx pgx.Tx, batch []eventstore.Decoded) error {
	for _, d := range batch {
		if a, ok := d.Event.(communication.AutomaticMessagesSet); ok {
			if err := setAutomatic(ctx, tx, a, d.Version); err != nil {
				return err
			}
			continue
		}
		r, ok := d.Event.(communication.MailRequested)
		if !ok {
			if err := setSchedule(ctx, tx, d.Event, d.Version); err != nil {
				return err
			}
			continue
		}
		status, code := StatusQueued, ""
		switch {
		case d.IsErased(r.Recipient):
			status, code = StatusCancelled, CancelErased
		case d.IsErased(r.TextSubject):
			status, code = StatusCancelled, CancelRedacted
		}
		if _, err := tx.Exec(ctx, `INSERT INTO public.mail_outbox
			(mail_id, stream, version, recipient, purpose, matter_id, communication_id, campaign_id,
			 status, last_error, requested_at, next_attempt_at)
			VALUES ($1, $2, $3, $4, $5, NULLIF($6, '')::uuid, NULLIF($7, '')::uuid, NULLIF($8, '')::uuid, $9, $10, $11, now())
			ON CONFLICT (mail_id) DO NOTHING`,
			r.MailID, d.Stream, int64(d.Version), r.Recipient, string(r.Purpose), r.MatterID, r.CommunicationID,
			r.CampaignID, status, code, r.RequestedAt); err != nil {
			return fmt.Errorf("outbox: queue %s: %w", r.MailID, err)
		}
	}
	return nil
}
