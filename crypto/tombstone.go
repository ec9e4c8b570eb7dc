package crypto

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/klient-crm/klient/domain"
)

const tombstoneSQL = `SELECT subject, shredded_at, key_id, fingerprint FROM keystore_tombstones`

// Tombstones lists every shredded subject, oldest first. Keep the list with
// the event store's backups: it is what ReapplyTombstones needs after the key
// store is restored.
func (k *Keyring) Tombstones(ctx context.Context) ([]Tombstone, error) {
	rows, err := k.pool.Query(ctx, tombstoneSQL+` ORDER BY shredded_at, subject`)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("crypto: list tombstones: %w", err))
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Tombstone, error) {
		return scanTombstone(row)
	})
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("crypto: list tombstones: %w", err))
	}
	return list, nil
}

// ReapplyTombstones shreds again every subject in list, keeping each
// tombstone's original time and key identity, after a restore of the key
// store brought keys back. It returns how many keys it destroyed. One
// transaction per tombstone keeps locks few; re-running it is harmless.
func (k *Keyring) ReapplyTombstones(ctx context.Context, list []Tombstone) (int, error) {
	destroyed := 0
	for i, want := range list {
		if want.Subject == "" {
			return destroyed, domain.Invalid("tombstones", "tombstone %d has no subject", i)
		}
		var deleted bool
		err := pgx.BeginFunc(ctx, k.pool, func(tx pgx.Tx) (err error) {
			_, deleted, err = shredTx(ctx, tx, want)
			return err
		})
		if err != nil {
			return destroyed, domain.Internal(fmt.Errorf("crypto: reapply tombstone %d: %w", i, err))
		}
		if deleted {
			destroyed++
		}
		k.cache.evictFamily(want.Subject)
		k.cache.putErased(want.Subject)
	}
	return destroyed, nil
}

func scanTombstone(row pgx.Row) (Tombstone, error) {
	var ts Tombstone
	var keyID int64
	if err := row.Scan(&ts.Subject, &ts.ShreddedAt, &keyID, &ts.Fingerprint); err != nil {
		return Tombstone{}, err
	}
	ts.KeyID = uint32(keyID)
	return ts, nil
}
