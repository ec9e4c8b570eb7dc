package documents

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Sealer is what the store uses of the key ring (crypto.Keyring): Open
// answers a *domain.Error of KindErased once the subject's key is shredded.
type Sealer interface {
	Seal(ctx context.Context, subject string, plaintext, associatedData []byte) ([]byte, error)
	Open(ctx context.Context, subject string, ciphertext, associatedData []byte) ([]byte, error)
}

// DB is what the package functions need: a *pgxpool.Pool, a *pgx.Conn or a
// pgx.Tx, so that erasure can delete blobs in its own transaction.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// DefaultChunkSize is how much plaintext one sealed chunk holds: big enough
// that a 25 MiB file is 25 rows, small enough to stream.
const DefaultChunkSize = 1 << 20

// Config tunes a Store. The zero value takes the defaults.
type Config struct {
	ChunkSize int // bytes of plaintext per chunk; default DefaultChunkSize
}

// Validate reports a configuration the store cannot run with.
func (c Config) Validate() error {
	if c.ChunkSize != 0 && (c.ChunkSize < 1<<10 || c.ChunkSize > 16<<20) {
		return fmt.Errorf("documents: ChunkSize %d is outside 1 KiB..16 MiB", c.ChunkSize)
	}
	return nil
}

// Store keeps documents' bytes encrypted in PostgreSQL. It is safe for
// concurrent use.
type Store struct {
	pool      *pgxpool.Pool
	sealer    Sealer
	chunkSize int
}

// NewStore returns a store on a database migrated with Migrations.
func NewStore(pool *pgxpool.Pool, sealer Sealer, cfg Config) (*Store, error) {
	if pool == nil || sealer == nil {
		return nil, errors.New("documents: NewStore needs a pool and a sealer")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.ChunkSize == 0 {
		cfg.ChunkSize = DefaultChunkSize
	}
	return &Store{pool: pool, sealer: sealer, chunkSize: cfg.ChunkSize}, nil
}
