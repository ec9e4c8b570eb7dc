package integrations

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/internal/pgmigrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the webhooks' tables (component "webhooks"): the
// subscriptions and their delivery log are the migrations', not the
// projector's, since what was delivered is not in the log.
func Migrations() pgmigrate.Set {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic("integrations: embedded migrations: " + err.Error()) // cannot happen: the directory is embedded
	}
	return pgmigrate.Set{Component: "webhooks", Files: sub}
}

// The states of a subscription.
const (
	StatusActive = "active"
	StatusPaused = "paused" // by repeated failure, its member's deactivation or an administrator
)

// Subscription is one receiving system's webhook.
type Subscription struct {
	ID            string
	Name          string
	URL           string
	Kinds         []string
	StaffID       string
	Roles         []string
	SecretSealed  []byte
	Status        string
	PausedReason  string
	After         Position
	Failures      int
	NextAttemptAt time.Time
	CreatedBy     string
	CreatedAt     time.Time
	// ProcessorID and Purpose tie the webhook to a processor in the DPO's
	// register and a purpose (Purposes): its entries then carry the
	// personal fields the purpose allows. Both "" by default.
	ProcessorID string
	Purpose     string
}

// Delivery is one attempt to deliver one entry.
type Delivery struct {
	SubscriptionID string
	EventID        string
	Kind           string
	Outcome        string // delivered, failed
	StatusCode     int
	Error          string
	Duration       time.Duration
	At             time.Time
	// Manual is an administrator's attempt: ManualTest or
	// ManualRedelivery; "" for the sender's own.
	Manual string
}

// The administrator's attempts (Delivery.Manual).
const (
	ManualTest       = "test"
	ManualRedelivery = "redelivery"
)

// KindTest is the kind of a test message: no entry of the feed.
const KindTest = "webhook.test"

// SecretSubject is the key-ring subject that seals subscription id's
// secret: the key ring wraps it with the master key, so neither the table
// nor a backup of it holds a secret that signs.
func SecretSubject(id string) string { return "webhook-" + id }

// SecretAD binds a sealed secret to its subscription.
func SecretAD(id string) []byte { return []byte("webhook-secret:" + id) }

// NewSecret is a Standard Webhooks secret: whsec_ and the base64 of 32
// random bytes.
func NewSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand never fails
	return "whsec_" + base64.StdEncoding.EncodeToString(b)
}

// KeyOf is the key of a whsec_ secret: the base64 after the prefix.
func KeyOf(secret string) ([]byte, error) {
	raw, ok := strings.CutPrefix(secret, "whsec_")
	if !ok {
		return nil, errors.New("integrations: a webhook secret begins with whsec_")
	}
	return base64.StdEncoding.DecodeString(raw)
}

// Webhooks is the subscriptions and their delivery log over a database.
type Webhooks struct{ db DB }

// NewWebhooks returns the store over db (the pool).
func NewWebhooks(db DB) Webhooks { return Webhooks{db: db} }

// ErrNoSuchWebhook is an unknown subscription's answer.
var ErrNoSuchWebhook = domain.NotFound("there is no such webhook").WithCode("webhook.not_found")

const subscriptionColumns = `id::text, name, url, kinds, staff_id, roles, secret_sealed, status, paused_reason,
	after_commit, after_prepare, failures, next_attempt_at, created_by, created_at, processor_id, purpose`

func scanSubscription(row pgx.Row) (s Subscription, err error) {
	err = row.Scan(&s.ID, &s.Name, &s.URL, &s.Kinds, &s.StaffID, &s.Roles, &s.SecretSealed, &s.Status, &s.PausedReason,
		&s.After.Commit, &s.After.Prepare, &s.Failures, &s.NextAttemptAt, &s.CreatedBy, &s.CreatedAt,
		&s.ProcessorID, &s.Purpose)
	return s, err
}

// Create adds a subscription that starts after from: the log's position
// the feed has applied when the subscription is made (the caller waits
// for the feed to reach the log's head first), so it is sent what happens
// from then on, never the past. Not the feed's last entry: while the feed
// is rebuilt that is far behind, and the webhook would be sent the past.
func (w Webhooks) Create(ctx context.Context, s Subscription, from Position) error {
	_, err := w.db.Exec(ctx, `INSERT INTO webhook_subscriptions (id, name, url, kinds, staff_id, roles, secret_sealed,
		after_commit, after_prepare, created_by, processor_id, purpose) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		s.ID, s.Name, s.URL, s.Kinds, s.StaffID, s.Roles, s.SecretSealed, from.Commit, from.Prepare, s.CreatedBy,
		s.ProcessorID, s.Purpose)
	if err != nil {
		return fmt.Errorf("integrations: create webhook: %w", err)
	}
	return nil
}

// List returns every subscription, by name.
func (w Webhooks) List(ctx context.Context) ([]Subscription, error) {
	rows, err := w.db.Query(ctx, `SELECT `+subscriptionColumns+` FROM webhook_subscriptions ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("integrations: list webhooks: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Subscription, error) { return scanSubscription(r) })
}

// Get returns one subscription; an unknown ID is ErrNoSuchWebhook.
func (w Webhooks) Get(ctx context.Context, id string) (Subscription, error) {
	if !isUUID(id) {
		return Subscription{}, ErrNoSuchWebhook
	}
	s, err := scanSubscription(w.db.QueryRow(ctx, `SELECT `+subscriptionColumns+` FROM webhook_subscriptions WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return Subscription{}, ErrNoSuchWebhook
	}
	if err != nil {
		return Subscription{}, fmt.Errorf("integrations: get webhook: %w", err)
	}
	return s, nil
}

// Pause stops deliveries (reason: a code) and gives back the sender's
// claim, as Failed does when it pauses; Resume starts them again at once,
// from where they stopped, with the failures forgiven.
func (w Webhooks) Pause(ctx context.Context, id, reason string) error {
	return w.set(ctx, id, `status = 'paused', paused_reason = $2, claimed_until = NULL`, reason)
}

// Resume: see Pause.
func (w Webhooks) Resume(ctx context.Context, id string) error {
	return w.set(ctx, id, `status = 'active', paused_reason = '', failures = 0, next_attempt_at = now()`)
}

// Delete removes a subscription and its delivery log.
func (w Webhooks) Delete(ctx context.Context, id string) error {
	if !isUUID(id) {
		return ErrNoSuchWebhook
	}
	tag, err := w.db.Exec(ctx, `DELETE FROM webhook_subscriptions WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("integrations: delete webhook: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNoSuchWebhook
	}
	return nil
}

func (w Webhooks) set(ctx context.Context, id, set string, args ...any) error {
	if !isUUID(id) {
		return ErrNoSuchWebhook
	}
	tag, err := w.db.Exec(ctx, `UPDATE webhook_subscriptions SET `+set+` WHERE id = $1`, append([]any{id}, args...)...)
	if err != nil {
		return fmt.Errorf("integrations: change webhook: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return ErrNoSuchWebhook
	}
	return nil
}

// Deliveries returns a subscription's latest attempts, newest first.
func (w Webhooks) Deliveries(ctx context.Context, id string, limit int) ([]Delivery, error) {
	rows, err := w.db.Query(ctx, `SELECT subscription_id::text, event_id::text, kind, outcome, status_code, error,
		duration_ms, at, manual FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY id DESC LIMIT $2`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("integrations: deliveries: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (d Delivery, err error) {
		var ms int
		err = r.Scan(&d.SubscriptionID, &d.EventID, &d.Kind, &d.Outcome, &d.StatusCode, &d.Error, &ms, &d.At, &d.Manual)
		d.Duration = time.Duration(ms) * time.Millisecond
		return d, err
	})
}

// waitingSQL is a subscription (s) the feed has an entry after: one with
// nothing new is not worth a round (its member, walls, the feed's reach
// and a release: eight statements). Whether its member may see the entry
// is the round's to decide, which then passes the cursor over it.
const waitingSQL = `EXISTS (SELECT 1 FROM integration_feed_v1 f WHERE (f.commit, f.prepare) > (s.after_commit, s.after_prepare))`

// Claim takes one due active subscription with something to send for
// lease: no other sender takes it until the lease runs out (a sender that
// died) or Release.
func (w Webhooks) Claim(ctx context.Context, lease time.Duration) (Subscription, bool, error) {
	s, err := scanSubscription(w.db.QueryRow(ctx, `UPDATE webhook_subscriptions s
		SET claimed_until = now() + $1 * interval '1 millisecond'
		FROM (SELECT id AS due_id FROM webhook_subscriptions s WHERE status = 'active' AND next_attempt_at <= now()
			AND (claimed_until IS NULL OR claimed_until < now()) AND `+waitingSQL+`
			ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED) due
		WHERE s.id = due.due_id RETURNING `+subscriptionColumns, lease.Milliseconds()))
	if errors.Is(err, pgx.ErrNoRows) {
		return Subscription{}, false, nil
	}
	if err != nil {
		return Subscription{}, false, fmt.Errorf("integrations: claim webhook: %w", err)
	}
	return s, true, nil
}

// NextDue is when the next active subscription with something to send
// falls due (a retry's backoff, a lease running out); false when none
// waits.
func (w Webhooks) NextDue(ctx context.Context) (time.Time, bool, error) {
	var due *time.Time
	err := w.db.QueryRow(ctx, `SELECT min(greatest(next_attempt_at, coalesce(claimed_until, next_attempt_at)))
		FROM webhook_subscriptions s WHERE status = 'active' AND `+waitingSQL).Scan(&due)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("integrations: next webhook due: %w", err)
	}
	if due == nil {
		return time.Time{}, false, nil
	}
	return *due, true, nil
}

// Passed moves the subscription's cursor to pos without a delivery: the
// entries up to it were not its member's to see, or not its kinds.
func (w Webhooks) Passed(ctx context.Context, id string, pos Position) error {
	_, err := w.db.Exec(ctx, `UPDATE webhook_subscriptions SET after_commit = $2, after_prepare = $3
		WHERE id = $1 AND (after_commit, after_prepare) < ($2::bigint, $3::bigint)`, id, pos.Commit, pos.Prepare)
	if err != nil {
		return fmt.Errorf("integrations: move webhook: %w", err)
	}
	return nil
}

// Delivered records a delivered entry and moves the cursor past it, the
// failures forgiven: one statement, so the log row and the cursor's move
// are one round trip and stand or fall together.
func (w Webhooks) Delivered(ctx context.Context, d Delivery, pos Position) error {
	_, err := w.db.Exec(ctx, `WITH logged AS (`+recordSQL+`)
		UPDATE webhook_subscriptions SET failures = 0,
			after_commit = CASE WHEN (after_commit, after_prepare) < ($8::bigint, $9::bigint) THEN $8 ELSE after_commit END,
			after_prepare = CASE WHEN (after_commit, after_prepare) < ($8::bigint, $9::bigint) THEN $9 ELSE after_prepare END
		WHERE id = $1`, append(recordArgs(d), pos.Commit, pos.Prepare)...)
	if err != nil {
		return fmt.Errorf("integrations: record delivery: %w", err)
	}
	return nil
}

// Failed records a failed attempt and sets the next one at next; after
// pauseAfter failures in a row the subscription is paused (code
// "failures") and the administrator's page says so. It reports whether
// it paused. One statement, as Delivered.
func (w Webhooks) Failed(ctx context.Context, d Delivery, next time.Time, pauseAfter int) (paused bool, err error) {
	err = w.db.QueryRow(ctx, `WITH logged AS (`+recordSQL+`)
		UPDATE webhook_subscriptions SET failures = failures + 1, next_attempt_at = $8,
			claimed_until = NULL,
			status = CASE WHEN failures + 1 >= $9 THEN 'paused' ELSE status END,
			paused_reason = CASE WHEN failures + 1 >= $9 THEN 'failures' ELSE paused_reason END
		WHERE id = $1 RETURNING status = 'paused'`, append(recordArgs(d), next, pauseAfter)...).Scan(&paused)
	if err != nil {
		return false, fmt.Errorf("integrations: record delivery: %w", err)
	}
	return paused, nil
}

// Attempted reports whether the delivery log of subscription id has an
// attempt of event eventID.
func (w Webhooks) Attempted(ctx context.Context, id, eventID string) (bool, error) {
	if !isUUID(id) || !isUUID(eventID) {
		return false, nil
	}
	var found bool
	err := w.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM webhook_deliveries WHERE subscription_id = $1 AND event_id = $2)`,
		id, eventID).Scan(&found)
	if err != nil {
		return false, fmt.Errorf("integrations: find delivery: %w", err)
	}
	return found, nil
}

// RecordManual adds an administrator's attempt to the delivery log: the
// cursor, the failures and the schedule stay as they are.
func (w Webhooks) RecordManual(ctx context.Context, d Delivery) error {
	_, err := w.db.Exec(ctx, `INSERT INTO webhook_deliveries (subscription_id, event_id, kind, outcome, status_code, error,
		duration_ms, manual) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, append(recordArgs(d), d.Manual)...)
	if err != nil {
		return fmt.Errorf("integrations: record delivery: %w", err)
	}
	return nil
}

// Release gives the subscription back, due again at next.
func (w Webhooks) Release(ctx context.Context, id string, next time.Time) error {
	_, err := w.db.Exec(ctx, `UPDATE webhook_subscriptions SET claimed_until = NULL, next_attempt_at = $2 WHERE id = $1`, id, next)
	if err != nil {
		return fmt.Errorf("integrations: release webhook: %w", err)
	}
	return nil
}

// recordSQL adds one attempt to the delivery log, its values $1 to $7
// (recordArgs).
const recordSQL = `INSERT INTO webhook_deliveries (subscription_id, event_id, kind, outcome, status_code, error, duration_ms)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`

func recordArgs(d Delivery) []any {
	return []any{d.SubscriptionID, d.EventID, d.Kind, d.Outcome, d.StatusCode, d.Error, d.Duration.Milliseconds()}
}
