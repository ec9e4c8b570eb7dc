package crypto

import (
	"bytes"
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/klient-crm/klient/domain"
	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// keyRecord is one subject's state in the key store.
type keyRecord struct {
	wrapped  []byte // nil: no key
	shredded bool
}

// loadSQL always returns one row, so a missing key and a tombstone are told
// apart in one round trip.
const loadSQL = `SELECT k.keyset, t.subject IS NOT NULL
	FROM (SELECT $1::text AS subject) s
	LEFT JOIN keystore_subject_keys k USING (subject)
	LEFT JOIN keystore_tombstones t USING (subject)`

// loadManySQL is loadSQL for many subjects at once.
const loadManySQL = `SELECT s.subject, k.keyset, t.subject IS NOT NULL
	FROM unnest($1::text[]) s(subject)
	LEFT JOIN keystore_subject_keys k USING (subject)
	LEFT JOIN keystore_tombstones t USING (subject)`

// lockSQL serialises key creation and shredding of one subject, so a Seal
// racing a Shred can never leave a key behind its tombstone.
const lockSQL = `SELECT pg_advisory_xact_lock(hashtextextended('klient.keystore:' || $1, 0))`

// insertSQL: the first instance to insert wins; everyone then reads its key.
const insertSQL = `INSERT INTO keystore_subject_keys (subject, keyset, key_id)
	SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM keystore_tombstones WHERE subject = $1)
	ON CONFLICT (subject) DO NOTHING`

func (k *Keyring) load(ctx context.Context, subject string) (keyRecord, error) {
	return scanRecord(k.pool.QueryRow(ctx, loadSQL, subject))
}

func scanRecord(row pgx.Row) (keyRecord, error) {
	var rec keyRecord
	if err := row.Scan(&rec.wrapped, &rec.shredded); err != nil {
		return keyRecord{}, domain.Internal(fmt.Errorf("crypto: read key store: %w", err))
	}
	return rec, nil
}

// create makes a fresh keyset and stores it unless another goroutine or
// instance got there first, then returns whatever is stored.
func (k *Keyring) create(ctx context.Context, subject string) (rec keyRecord, err error) {
	wrapped, keyID, err := k.newWrappedKeyset(subject)
	if err != nil {
		return keyRecord{}, err
	}
	err = pgx.BeginFunc(ctx, k.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, lockSQL, subject); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, insertSQL, subject, wrapped, int64(keyID)); err != nil {
			return err
		}
		rec, err = scanRecord(tx.QueryRow(ctx, loadSQL, subject))
		return err
	})
	if err != nil {
		return keyRecord{}, domain.Internal(fmt.Errorf("crypto: create key: %w", err))
	}
	return rec, nil
}

// newWrappedKeyset returns a fresh AES256-GCM keyset encrypted by the master
// AEAD with the subject as associated data, and its primary key ID.
func (k *Keyring) newWrappedKeyset(subject string) ([]byte, uint32, error) {
	handle, err := keyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		return nil, 0, domain.Internal(fmt.Errorf("crypto: new keyset: %w", err))
	}
	var buf bytes.Buffer
	if err := handle.WriteWithAssociatedData(keyset.NewBinaryWriter(&buf), k.master, []byte(subject)); err != nil {
		return nil, 0, domain.Internal(fmt.Errorf("crypto: wrap keyset: %w", err))
	}
	return buf.Bytes(), handle.KeysetInfo().GetPrimaryKeyId(), nil
}

// unwrap fails for a keyset moved to another subject's row, or read with
// another master key.
func (k *Keyring) unwrap(subject string, wrapped []byte) (tink.AEAD, error) {
	r := keyset.NewBinaryReader(bytes.NewReader(wrapped))
	handle, err := keyset.ReadWithAssociatedData(r, k.master, []byte(subject))
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("crypto: unwrap keyset (wrong master key?): %w", err))
	}
	p, err := aead.New(handle)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("crypto: keyset primitive: %w", err))
	}
	return p, nil
}
