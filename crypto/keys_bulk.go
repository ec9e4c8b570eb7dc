package crypto

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
)

// insertManySQL is insertSQL for many subjects: no key behind a
// tombstone, and the first writer of a subject's key wins.
const insertManySQL = `INSERT INTO keystore_subject_keys (subject, keyset, key_id)
	SELECT s.subject, s.keyset, s.key_id FROM unnest($1::text[], $2::bytea[], $3::bigint[]) AS s(subject, keyset, key_id)
	WHERE NOT EXISTS (SELECT 1 FROM keystore_tombstones t WHERE t.subject = s.subject)
	ON CONFLICT (subject) DO NOTHING`

// lockManySQL takes lockSQL's lock for every subject, in one order, so
// that two bulk creations never wait on each other in a circle.
const lockManySQL = `SELECT pg_advisory_xact_lock(hashtextextended('klient.keystore:' || s, 0))
	FROM unnest($1::text[]) AS s ORDER BY s`

// CreateKeys makes the keys of many new subjects in one transaction, then
// caches them (Prefetch): an import of contacts seals for thousands of
// people at once, and one transaction per key was most of its time.
// Subjects that already have a key keep it; erased ones get none (sealing
// for them then fails as it always does).
func (k *Keyring) CreateKeys(ctx context.Context, subjects []string) error {
	subjects = slices.Clone(subjects)
	slices.Sort(subjects)
	subjects = slices.Compact(subjects)
	if len(subjects) == 0 {
		return nil
	}
	wrapped := make([][]byte, len(subjects))
	ids := make([]int64, len(subjects))
	for i, s := range subjects {
		if s == "" {
			return invalidSubject()
		}
		w, id, err := k.newWrappedKeyset(s)
		if err != nil {
			return err
		}
		wrapped[i], ids[i] = w, int64(id)
	}
	err := pgx.BeginFunc(ctx, k.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, lockManySQL, subjects); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, insertManySQL, subjects, wrapped, ids)
		return err
	})
	if err != nil {
		return domain.Internal(fmt.Errorf("crypto: create keys: %w", err))
	}
	return k.Prefetch(ctx, subjects)
}
