package crypto

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/internal/pgrewrite"
)

// Tombstone records that a subject's key was destroyed. It holds no personal
// data: the pseudonymous subject ID, when, and which key (so an auditor can
// match it against a restored backup).
type Tombstone struct {
	Subject    string    `json:"subject"`
	ShreddedAt time.Time `json:"shredded_at"`
	// KeyID is the destroyed keyset's primary key ID; 0 if the subject was
	// shredded before anything was sealed for it.
	KeyID uint32 `json:"key_id,omitempty"`
	// Fingerprint is the hex SHA-256 (first 16 bytes) of the wrapped keyset.
	Fingerprint string `json:"fingerprint,omitempty"`
}

// Shred destroys subject's key and records a tombstone, in one transaction,
// and tells every instance to forget the key. An owner's entry keys
// (domain.EntryKey) go with it, each with its tombstone. Shredding again is harmless
// and returns the first tombstone.
func (k *Keyring) Shred(ctx context.Context, subject string) (Tombstone, error) {
	if subject == "" {
		return Tombstone{}, invalidSubject()
	}
	var ts Tombstone
	err := pgx.BeginFunc(ctx, k.pool, func(tx pgx.Tx) (err error) {
		ts, _, err = shredTx(ctx, tx, Tombstone{Subject: subject})
		return err
	})
	if err != nil {
		return Tombstone{}, domain.Internal(fmt.Errorf("crypto: shred: %w", err))
	}
	k.cache.evictFamily(subject)
	k.cache.putErased(subject)
	return ts, nil
}

// RewriteStore rewrites the key table, so that no destroyed key's wrapped
// bytes stay in the key store's files: a deleted row's bytes stay in its
// page until the page is rewritten, and with the master key they would
// open everything the key sealed (internal/pgrewrite). It holds the key
// table against readers while it runs (a key-store read is a cache miss).
func (k *Keyring) RewriteStore(ctx context.Context) error {
	return pgrewrite.Tables(ctx, k.pool, []string{"keystore_subject_keys"})
}

// IsShredded reports whether subject's key was destroyed.
func (k *Keyring) IsShredded(ctx context.Context, subject string) (bool, error) {
	if p, ok := k.cache.get(subject); ok && p == nil {
		return true, nil
	}
	var shredded bool
	err := k.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM keystore_tombstones WHERE subject = $1)`, subject).Scan(&shredded)
	if err != nil {
		return false, domain.Internal(fmt.Errorf("crypto: read tombstone: %w", err))
	}
	if shredded {
		k.cache.putErased(subject)
	}
	return shredded, nil
}

// shredTx deletes the key and inserts want as the tombstone unless one
// exists. A zero want.ShreddedAt means now; a zero KeyID and Fingerprint are
// taken from the deleted key. It reports whether a key was deleted.
func shredTx(ctx context.Context, tx pgx.Tx, want Tombstone) (Tombstone, bool, error) {
	if _, err := tx.Exec(ctx, lockSQL, want.Subject); err != nil {
		return Tombstone{}, false, err
	}
	deleted, err := deleteKey(ctx, tx, &want)
	if err != nil {
		return Tombstone{}, false, err
	}
	if err := shredEntries(ctx, tx, want); err != nil {
		return Tombstone{}, false, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO keystore_tombstones (subject, shredded_at, key_id, fingerprint)
		VALUES ($1, coalesce($2, now()), $3, $4) ON CONFLICT (subject) DO NOTHING`,
		want.Subject, nullTime(want.ShreddedAt), int64(want.KeyID), want.Fingerprint)
	if err != nil {
		return Tombstone{}, false, err
	}
	if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, NotifyChannel, want.Subject); err != nil {
		return Tombstone{}, false, err
	}
	ts, err := scanTombstone(tx.QueryRow(ctx, tombstoneSQL+` WHERE subject = $1`, want.Subject))
	return ts, deleted, err
}

// shredEntries destroys the entry keys an owner's key takes with it (see
// domain.EntryKey), each with its own tombstone and notice. The range on the
// C-collated index finds them without reading the whole table ('/' sorts
// just before '0').
func shredEntries(ctx context.Context, tx pgx.Tx, owner Tombstone) error {
	if strings.Contains(owner.Subject, "/") {
		return nil
	}
	rows, err := tx.Query(ctx, `DELETE FROM keystore_subject_keys
		WHERE subject COLLATE "C" > $1 || '/' AND subject COLLATE "C" < $1 || '0'
		RETURNING subject, keyset, key_id`, owner.Subject)
	if err != nil {
		return err
	}
	var entries []Tombstone
	var wrapped []byte
	var keyID int64
	var subject string
	_, err = pgx.ForEachRow(rows, []any{&subject, &wrapped, &keyID}, func() error {
		entries = append(entries, Tombstone{Subject: subject, ShreddedAt: owner.ShreddedAt,
			KeyID: uint32(keyID), Fingerprint: fingerprint(wrapped)})
		return nil
	})
	if err != nil {
		return err
	}
	for _, ts := range entries {
		_, err = tx.Exec(ctx, `INSERT INTO keystore_tombstones (subject, shredded_at, key_id, fingerprint)
			VALUES ($1, coalesce($2, now()), $3, $4) ON CONFLICT (subject) DO NOTHING`,
			ts.Subject, nullTime(ts.ShreddedAt), int64(ts.KeyID), ts.Fingerprint)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, NotifyChannel, ts.Subject); err != nil {
			return err
		}
	}
	return nil
}

// deleteKey removes the subject's key row, filling want's key identity from
// it where the caller left it blank.
func deleteKey(ctx context.Context, tx pgx.Tx, want *Tombstone) (bool, error) {
	var wrapped []byte
	var keyID int64
	err := tx.QueryRow(ctx, `DELETE FROM keystore_subject_keys WHERE subject = $1 RETURNING keyset, key_id`,
		want.Subject).Scan(&wrapped, &keyID)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if want.KeyID == 0 && want.Fingerprint == "" {
		want.KeyID, want.Fingerprint = uint32(keyID), fingerprint(wrapped)
	}
	return true, nil
}

func fingerprint(wrapped []byte) string {
	sum := sha256.Sum256(wrapped)
	return hex.EncodeToString(sum[:16])
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
