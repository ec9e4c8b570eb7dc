package outbox

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
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

// HeldKey is the key that seals one held message: its own, so that
// filing, discarding, a person's erasure or the time limit destroys it
// without touching anyone else's.
func HeldKey(id string) string { return "mailin-" + id }

// HeldAddressIndex names the key ring's index key the addresses of held
// mail are hashed with.
const HeldAddressIndex = "mail-held-address"

// The roles an address has in a held message.
const (
	RoleFrom = "from"
	RoleTo   = "to"
	RoleCc   = "cc"
)

// HeldAddress is one address of a held message, as a keyed hash.
type HeldAddress struct {
	MAC  []byte
	Role string
}

// AddressMAC is the keyed hash of an e-mail address, the same however
// the address is cased or padded: without the key nobody can try
// addresses against the table.
func AddressMAC(key []byte, address string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(strings.ToLower(strings.TrimSpace(address))))
	return m.Sum(nil)
}

// Exec is what the writes need: a *pgxpool.Pool or a pgx.Tx.
type Exec interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// AddressMACs is AddressMAC of each of a person's addresses: what
// HeldWithAddresses looks for.
func AddressMACs(key []byte, addresses []string) [][]byte {
	out := make([][]byte, len(addresses))
	for i, a := range addresses {
		out[i] = AddressMAC(key, a)
	}
	return out
}

// Hold records h with the addresses it came from and went to; the same
// ID again records nothing (a client's retry).
func Hold(ctx context.Context, db Exec, h Held, addresses []HeldAddress) error {
	macs, roles := make([][]byte, len(addresses)), make([]string, len(addresses))
	for i, a := range addresses {
		macs[i], roles[i] = a.MAC, a.Role
	}
	_, err := db.Exec(ctx, `WITH held AS (
			INSERT INTO mail_held (held_id, staff_id, reason, size, received_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (held_id) DO NOTHING RETURNING held_id)
		INSERT INTO mail_held_addresses (held_id, address_mac, role)
		SELECT held.held_id, a.mac, a.role FROM held, unnest($6::bytea[], $7::text[]) AS a(mac, role)
		ON CONFLICT DO NOTHING`, h.ID, h.StaffID, h.Reason, h.Size, h.ReceivedAt, macs, roles)
	if err != nil {
		return domain.Internal(fmt.Errorf("outbox: hold incoming mail: %w", err))
	}
	return nil
}

// HeldAbout is a held message that one of a person's addresses appears
// in, and how: from, to, cc (sorted, distinct).
type HeldAbout struct {
	Held
	Roles []string
}

// HeldWithAddresses lists the held messages any of macs (keyed hashes of
// a person's addresses) appears in, oldest first.
func HeldWithAddresses(ctx context.Context, db Exec, macs [][]byte) ([]HeldAbout, error) {
	if len(macs) == 0 {
		return nil, nil
	}
	rows, err := db.Query(ctx, `SELECT h.held_id::text, h.staff_id, h.reason, h.size, h.received_at,
			array_agg(DISTINCT a.role ORDER BY a.role)
		FROM mail_held h JOIN mail_held_addresses a USING (held_id)
		WHERE a.address_mac = ANY($1::bytea[])
		GROUP BY h.held_id ORDER BY h.received_at, h.held_id`, macs)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("outbox: held mail by address: %w", err))
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (HeldAbout, error) {
		var h HeldAbout
		err := row.Scan(&h.ID, &h.StaffID, &h.Reason, &h.Size, &h.ReceivedAt, &h.Roles)
		return h, err
	})
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("outbox: held mail by address: %w", err))
	}
	return out, nil
}

// HeldBefore lists the held messages received before cutoff, oldest
// first: those past the queue's time limit.
func HeldBefore(ctx context.Context, db Exec, cutoff time.Time) ([]string, error) {
	rows, err := db.Query(ctx, `SELECT held_id::text FROM mail_held WHERE received_at < $1 ORDER BY received_at, held_id`, cutoff)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("outbox: held mail before %s: %w", cutoff.Format(time.DateOnly), err))
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("outbox: held mail before %s: %w", cutoff.Format(time.DateOnly), err))
	}
	return ids, nil
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
