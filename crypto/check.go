package crypto

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// ErrWrongMasterKey means the key store's keysets were wrapped by another
// master key than the one loaded: every sealed field would fail to open.
var ErrWrongMasterKey = errors.New("the master key does not open the key store's keys: wrong KLIENT_MASTER_KEY or data directory?")

// CheckMasterKey unwraps one stored keyset, so that a server started with
// the wrong master key stops at once with a clear reason instead of failing
// on every read later. An empty key store passes.
func (k *Keyring) CheckMasterKey(ctx context.Context) error {
	var subject string
	var wrapped []byte
	err := k.pool.QueryRow(ctx, `SELECT subject, keyset FROM keystore_subject_keys LIMIT 1`).Scan(&subject, &wrapped)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("crypto: read key store: %w", err)
	}
	if _, err := k.unwrap(subject, wrapped); err != nil {
		return ErrWrongMasterKey
	}
	return nil
}
