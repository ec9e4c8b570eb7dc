package gdpr

import (
	"context"
	"crypto/rand"
	"fmt"

	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
)

// LoadWithdrawalLinks returns the signer of consent-withdrawal links with
// the fleet's key, creating the key (random, 32 bytes) on first use. Every
// instance that calls it gets the same key: the first insert wins and the
// others read it.
func LoadWithdrawalLinks(ctx context.Context, db DB) (*gdprdomain.WithdrawalLinks, error) {
	fresh := make([]byte, gdprdomain.MinLinkKeyLength)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("gdpr: link key: %w", err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO gdpr_link_keys (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, fresh); err != nil {
		return nil, fmt.Errorf("gdpr: store link key: %w", err)
	}
	var key []byte
	if err := db.QueryRow(ctx, `SELECT key FROM gdpr_link_keys WHERE id = 1`).Scan(&key); err != nil {
		return nil, fmt.Errorf("gdpr: read link key: %w", err)
	}
	return gdprdomain.NewWithdrawalLinks(key)
}
