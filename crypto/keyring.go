package crypto

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// DefaultCacheSize is how many subjects' keys a Keyring keeps unwrapped.
const DefaultCacheSize = 10_000

// Keyring seals and opens personal data with per-subject keys kept in
// PostgreSQL, and shreds them on erasure. It implements eventstore.Sealer.
// It is safe for concurrent use, also by several instances on one database.
type Keyring struct {
	pool   *pgxpool.Pool
	master tink.AEAD
	cache  *keyCache
	log    *slog.Logger

	// listening is true while this instance hears other instances' Shreds;
	// only then may keys be cached.
	listening atomic.Bool
	stop      context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once
}

// Option tunes a Keyring.
type Option func(*Keyring)

// WithCacheSize bounds the key cache to n subjects (n >= 1).
func WithCacheSize(n int) Option {
	return func(k *Keyring) {
		if n >= 1 {
			k.cache = newKeyCache(n)
		}
	}
}

// WithLogger sets where the Keyring reports listener trouble.
func WithLogger(l *slog.Logger) Option {
	return func(k *Keyring) {
		if l != nil {
			k.log = l
		}
	}
}

// NewKeyring starts a Keyring on a key store migrated with Migrations. It
// returns once it listens for other instances' Shreds; Close stops it.
func NewKeyring(ctx context.Context, pool *pgxpool.Pool, master tink.AEAD, opts ...Option) (*Keyring, error) {
	if pool == nil || master == nil {
		return nil, errors.New("crypto: NewKeyring needs a pool and a master AEAD")
	}
	if err := checkSchema(ctx, pool); err != nil {
		return nil, err
	}
	k := &Keyring{pool: pool, master: master, cache: newKeyCache(DefaultCacheSize), log: slog.Default()}
	for _, opt := range opts {
		opt(k)
	}
	listenCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	k.stop, k.done = stop, make(chan struct{})
	ready := make(chan error, 1)
	go k.runListener(listenCtx, ready)
	select {
	case err := <-ready:
		if err != nil {
			k.Close()
			return nil, fmt.Errorf("crypto: listen for shreds: %w", err)
		}
	case <-ctx.Done():
		k.Close()
		return nil, ctx.Err()
	}
	return k, nil
}

func checkSchema(ctx context.Context, pool *pgxpool.Pool) error {
	var ready bool
	err := pool.QueryRow(ctx, `SELECT to_regclass('keystore_subject_keys') IS NOT NULL
		AND to_regclass('keystore_tombstones') IS NOT NULL`).Scan(&ready)
	if err != nil {
		return fmt.Errorf("crypto: check key store schema: %w", err)
	}
	if !ready {
		return errors.New("crypto: key store tables missing: apply crypto.Migrations() first")
	}
	return nil
}

// Close stops listening for other instances' Shreds. The pool stays open:
// it belongs to the caller.
func (k *Keyring) Close() error {
	k.closeOnce.Do(func() {
		k.stop()
		<-k.done
	})
	return nil
}
