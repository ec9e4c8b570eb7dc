package crypto

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/klient-crm/klient/domain"
)

// IndexKeyLength is the length of an index key: HMAC-SHA256's output.
const IndexKeyLength = 32

// IndexKey returns the fleet's secret for the keyed hash called name (a
// contact's identity numbers: "contact-number"), making it on first use.
// Every instance gets the same secret: the first insert wins and the others
// read it. It is stored encrypted by the master AEAD, so a copy of the key
// store without the master key cannot recompute the hashes, which for a
// personnummer (some 40 million values a century) would be reversed by
// trying them all.
func (k *Keyring) IndexKey(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, IndexKeyLength)
	if _, err := rand.Read(fresh); err != nil {
		return nil, domain.Internal(fmt.Errorf("crypto: index key: %w", err))
	}
	ad := []byte("klient/index-key/" + name)
	sealed, err := k.master.Encrypt(fresh, ad)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("crypto: wrap index key: %w", err))
	}
	if _, err := k.pool.Exec(ctx, `INSERT INTO keystore_index_keys (name, secret) VALUES ($1, $2)
		ON CONFLICT (name) DO NOTHING`, name, sealed); err != nil {
		return nil, domain.Internal(fmt.Errorf("crypto: store index key: %w", err))
	}
	if err := k.pool.QueryRow(ctx, `SELECT secret FROM keystore_index_keys WHERE name = $1`, name).Scan(&sealed); err != nil {
		return nil, domain.Internal(fmt.Errorf("crypto: read index key: %w", err))
	}
	key, err := k.master.Decrypt(sealed, ad)
	if err != nil {
		return nil, domain.Internal(fmt.Errorf("crypto: unwrap index key (wrong master key?): %w", err))
	}
	return key, nil
}
