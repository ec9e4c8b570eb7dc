package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Queue is the sender's side of the outbox: it claims due e-mails and
// records what became of each. Every change is its own committed
// statement, so a sender that dies leaves the rows as they stood.
type Queue struct{ pool *pgxpool.Pool }

// NewQueue returns the queue over pool.
func NewQueue(pool *pgxpool.Pool) *Queue { return &Queue{pool: pool} }

// Claimed is one e-mail a sender now holds.
type Claimed struct {
	MailID    string
	Stream    string
	Version   uint64
	Recipient string
	Attempts  int // counting this one
	// Resend: an earlier attempt's outcome is unknown; this is its one
	// resend, under the same Message-ID.
	Resend bool
}

// Claim takes up to n due e-mails for lease: they are "sending" until
// the sender records their outcome, or until the lease runs out (the
// sender died), when Recover finds them. Two senders never claim the same
// row (SKIP LOCKED).
func (q *Queue) Claim(ctx context.Context, n int, lease time.Duration) ([]Claimed, error) {
	rows, err := q.pool.Query(ctx, `
		UPDATE mail_outbox o SET status = 'sending', attempts = o.attempts + 1,
			claimed_until = now() + $2 * interval '1 millisecond', updated_at = now()
		FROM (SELECT mail_id FROM mail_outbox WHERE status = 'queued' AND next_attempt_at <= now()
			ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
		WHERE o.mail_id = due.mail_id
		RETURNING o.mail_id::text, o.stream, o.version, o.recipient::text, o.attempts, o.unknown_outcomes > 0`,
		n, lease.Milliseconds())
	if err != nil {
		return nil, fmt.Errorf("outbox: claim: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (c Claimed, err error) {
		var v int64
		err = r.Scan(&c.MailID, &c.Stream, &v, &c.Recipient, &c.Attempts, &c.Resend)
		c.Version = uint64(v)
		return c, err
	})
}

// Hold renews the sender's lease on a claimed e-mail just before it is
// handed over, and says whether the sender still holds it: a row whose
// lease ran out meanwhile (a slow batch) may be another sender's now, and
// must not be sent by this one too.
func (q *Queue) Hold(ctx context.Context, mailID string, lease time.Duration) (bool, error) {
	tag, err := q.pool.Exec(ctx, `UPDATE mail_outbox SET claimed_until = now() + $2 * interval '1 millisecond'
		WHERE mail_id = $1 AND status = 'sending' AND claimed_until >= now()`, mailID, lease.Milliseconds())
	if err != nil {
		return false, fmt.Errorf("outbox: hold %s: %w", mailID, err)
	}
	return tag.RowsAffected() == 1, nil
}

// Recover returns to the queue the e-mails whose sender's lease ran out:
// it may have handed the message over before it died. Each is counted as
// an unknown outcome; one with an unknown outcome already (its resend
// died too) is marked uncertain and not sent a third time. It reports how
// many rows it requeued and marked.
func (q *Queue) Recover(ctx context.Context) (requeued, uncertain int64, err error) {
	tag, err := q.pool.Exec(ctx, `UPDATE mail_outbox SET status = 'uncertain', last_error = 'outcome_unknown',
		unknown_outcomes = unknown_outcomes + 1, claimed_until = NULL, updated_at = now()
		WHERE status = 'sending' AND claimed_until < now() AND unknown_outcomes > 0`)
	if err != nil {
		return 0, 0, fmt.Errorf("outbox: recover: %w", err)
	}
	uncertain = tag.RowsAffected()
	tag, err = q.pool.Exec(ctx, `UPDATE mail_outbox SET status = 'queued', last_error = 'outcome_unknown',
		unknown_outcomes = unknown_outcomes + 1, claimed_until = NULL, next_attempt_at = now(), updated_at = now()
		WHERE status = 'sending' AND claimed_until < now()`)
	if err != nil {
		return 0, uncertain, fmt.Errorf("outbox: recover: %w", err)
	}
	return tag.RowsAffected(), uncertain, nil
}

// Sent records that the mail server took the e-mail.
func (q *Queue) Sent(ctx context.Context, mailID string) error {
	return q.finish(ctx, mailID, `status = 'sent', sent_at = now(), last_error = ''`)
}

// Retry puts the e-mail back for another attempt at next, with the code
// of what went wrong (the server's temporary refusal, an unreachable
// server).
func (q *Queue) Retry(ctx context.Context, mailID, code string, next time.Time) error {
	return q.finish(ctx, mailID, `status = 'queued', last_error = $2, next_attempt_at = $3`, code, next)
}

// Unknown records an attempt whose outcome nobody learnt (the connection
// broke while the message was being handed over): the first is sent again
// at once with the same Message-ID, a second one is marked uncertain.
func (q *Queue) Unknown(ctx context.Context, mailID string) error {
	return q.finish(ctx, mailID, `status = CASE WHEN unknown_outcomes > 0 THEN 'uncertain' ELSE 'queued' END,
		unknown_outcomes = unknown_outcomes + 1, last_error = 'outcome_unknown', next_attempt_at = now()`)
}

// Release gives back an e-mail this sender claimed but never handed
// over (it is stopping): queued again at once, the attempt not counted.
func (q *Queue) Release(ctx context.Context, mailID string) error {
	return q.finish(ctx, mailID, `status = 'queued', attempts = greatest(attempts - 1, 0), next_attempt_at = now()`)
}

// Failed records that the e-mail will not be sent: the server refused it
// for good, or it was retried until given up.
func (q *Queue) Failed(ctx context.Context, mailID, code string) error {
	return q.finish(ctx, mailID, `status = 'failed', last_error = $2`, code)
}

// Cancelled records an e-mail not sent because it can no longer be
// opened, with why (CancelErased, CancelRedacted).
func (q *Queue) Cancelled(ctx context.Context, mailID, code string) error {
	return q.finish(ctx, mailID, `status = 'cancelled', last_error = $2`, code)
}

// Why an e-mail was cancelled unsent: its recipient was erased, or (a
// letter) its text was redacted; either way its key is gone.
const (
	CancelErased   = "erased"
	CancelRedacted = "redacted"
)

// finish applies set to a row this sender holds; a row whose lease was
// taken over meanwhile (status no longer "sending") is left alone.
func (q *Queue) finish(ctx context.Context, mailID, set string, args ...any) error {
	_, err := q.pool.Exec(ctx, `UPDATE mail_outbox SET `+set+`, claimed_until = NULL, updated_at = now()
		WHERE mail_id = $1 AND status = 'sending'`, append([]any{mailID}, args...)...)
	if err != nil {
		return fmt.Errorf("outbox: record %s: %w", mailID, err)
	}
	return nil
}

// Bounced records that an e-mail the server took was returned as
// undeliverable (a delivery status notification, RFC 3464), with the
// DSN's status as the code ("dsn.5.1.1"). Only a sent (or uncertain)
// e-mail can bounce; found is false for any other, or an unknown ID.
// mailID is a UUID (the caller parsed it from the report), compared as
// one: by the primary key, not by a scan of the whole outbox for each
// report an unauthenticated server hands in.
func (q *Queue) Bounced(ctx context.Context, mailID, code string) (found bool, err error) {
	tag, err := q.pool.Exec(ctx, `UPDATE mail_outbox SET status = 'bounced', last_error = $2, updated_at = now()
		WHERE mail_id = $1 AND status IN ('sent', 'uncertain', 'bounced')`, mailID, code)
	if err != nil {
		return false, fmt.Errorf("outbox: record bounce of %s: %w", mailID, err)
	}
	return tag.RowsAffected() > 0, nil
}
