package projections

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/eventstore"
)

// Config is everything the runtime needs. Zero durations and sizes take the
// defaults below.
type Config struct {
	Pool       *pgxpool.Pool // the read-model database (checkpoints live there too)
	Store      eventstore.Store
	Codec      Decoder
	Projectors []Projector
	Logger     *slog.Logger // default slog.Default()

	BatchSize    int           // most events in one message and transaction; default 500
	FeedWindow   int           // most opened events the shared feed holds for its projectors; default 10,000
	CompactAfter int           // a Compactor's tables are compacted after a catch-up of at least this many events; default 50,000
	Retry        RetryPolicy   // how a failing batch is retried before the projector stops
	LockRetry    time.Duration // how often a standby instance tries to take a projector over; default 5s
	PollInterval time.Duration // how often WaitFor reads the checkpoint of a projector run elsewhere; default 50ms
}

// RetryPolicy bounds the exponential backoff of a failing batch. When it is
// exhausted the projector stops with status failed.
type RetryPolicy struct {
	MaxRetries      int           // default 5
	InitialInterval time.Duration // default 200ms
	MaxInterval     time.Duration // default 10s
	Multiplier      float64       // default 2
}

func (c *Config) setDefaults() {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	c.BatchSize = orDefault(c.BatchSize, 500)
	c.FeedWindow = orDefault(c.FeedWindow, 10000)
	c.CompactAfter = orDefault(c.CompactAfter, 50000)
	c.LockRetry = orDefault(c.LockRetry, 5*time.Second)
	c.PollInterval = orDefault(c.PollInterval, 50*time.Millisecond)
	c.Retry.MaxRetries = orDefault(c.Retry.MaxRetries, 5)
	c.Retry.InitialInterval = orDefault(c.Retry.InitialInterval, 200*time.Millisecond)
	c.Retry.MaxInterval = orDefault(c.Retry.MaxInterval, 10*time.Second)
	c.Retry.Multiplier = orDefault(c.Retry.Multiplier, 2)
}

// Validate reports the first thing that keeps the runtime from starting.
func (c Config) Validate() error {
	switch {
	case c.Pool == nil:
		return errors.New("projections: Config.Pool is required")
	case c.Store == nil:
		return errors.New("projections: Config.Store is required")
	case c.Codec == nil:
		return errors.New("projections: Config.Codec is required")
	case c.BatchSize < 1 || c.BatchSize > 10000:
		return fmt.Errorf("projections: BatchSize %d is outside 1..10000", c.BatchSize)
	case c.FeedWindow < c.BatchSize:
		return fmt.Errorf("projections: FeedWindow %d is smaller than BatchSize %d", c.FeedWindow, c.BatchSize)
	case c.Retry.MaxRetries < 0 || c.Retry.Multiplier < 1:
		return errors.New("projections: Retry needs MaxRetries >= 0 and Multiplier >= 1")
	}
	seen := map[string]bool{}
	for _, p := range c.Projectors {
		if err := validateProjector(p); err != nil {
			return err
		}
		if seen[p.Name()] {
			return fmt.Errorf("projections: two projectors named %s", p.Name())
		}
		seen[p.Name()] = true
	}
	return nil
}

func orDefault[T int | float64 | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}
