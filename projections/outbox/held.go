package outbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/domain"
)

// Why incoming e-mail was held for review instead of filed. A number
// that is no matter's and one of a matter the sender may not see
// (need-to-know, a wall) are the same reason: the sender's queue must not
// tell the two apart.
const (
	HeldNoMatter      = "no_matter"      // neither the address nor the subject names a matter number
	HeldUnknownMatter = "unknown_matter" // no matter the sender works on has the number (none has it, its file is erased, or the sender may not see it)
	HeldArchived      = "archived"       // the matter is archived and takes nothing more
)

// Held is one incoming e-mail in a staff member's review queue. The
// message is kept apart, sealed (internal/mailin); the row holds no
// personal data.
type Held struct {
	ID         string
	StaffID    string
	Reason     string
	Size       int64
	ReceivedAt time.Time
}

// Exec is what the writes need: a *pgxpool.Pool or a pgx.Tx.
type Exec interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Hold records h; the same ID again records nothing (a client's retry).
func Hold(ctx context.Context, db Exec, h Held) error {
	_, err := db.Exec(ctx, `INSERT INTO mail_held (held_id, staff_id, reason, size, received_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (held_id) DO NOTHING`, h.ID, h.StaffID, h.Reason, h.Size, h.ReceivedAt)
	if err != nil {
		return domain.Internal(fmt.Errorf("outbox: hold incoming mail: %w", err))
	}
	return nil
}

// HeldFor lists staffID's review queue, oldest first.
func HeldFor(ctx context.Context, db Exec, staffID string) ([]Held, error) {
	rows, err := db.Query(ctx, `SELECT held_id::text, staff_id, reason, size, received_at FROM mail_held
		WHERE staff_id = $1 ORDER BY received_at, held_id`, staffID)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("outbox: held mail: %w", err))
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Held])
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("outbox: held mail: %w", err))
	}
	return out, nil
}

// GetHeld reads one held e-mail of staffID's queue: another's, like an
// unknown ID, is not found.
func GetHeld(ctx context.Context, db Exec, staffID, id string) (Held, error) {
	rows, err := db.Query(ctx, `SELECT held_id::text, staff_id, reason, size, received_at FROM mail_held
		WHERE staff_id = $1 AND held_id::text = $2`, staffID, id)
	if err != nil {
		return Held{}, domain.Internal(fmt.Errorf("outbox: held mail: %w", err))
	}
	h, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Held])
	if errors.Is(err, pgx.ErrNoRows) {
		return Held{}, domain.NotFound("there is no such e-mail in your queue").WithCode("mailin.held.not_found")
	}
	if err != nil {
		return Held{}, domain.Internal(fmt.Errorf("outbox: held mail: %w", err))
	}
	return h, nil
}

// Release takes id out of the queue (filed or discarded).
func Release(ctx context.Context, db Exec, id string) error {
	if _, err := db.Exec(ctx, `DELETE FROM mail_held WHERE held_id::text = $1`, id); err != nil {
		return domain.Internal(fmt.Errorf("outbox: release held mail: %w", err))
	}
	return nil
}
