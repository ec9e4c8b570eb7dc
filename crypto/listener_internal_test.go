package crypto

import (
	"context"
	"testing"

	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
)

// NewKeyring returns once it listens for Shreds, and from then on its
// cache is on: a Prefetch straight after it caches (the projections'
// first batch) instead of finding the listener not yet marked listening
// and caching nothing, as TestPrefetchCachesKeysAndErasures once found on
// a loaded machine. The race needs the listener's goroutine to lose its
// core between the two steps, which a quiet run rarely shows; the loop
// gives it some chances.
func TestNewKeyringReturnsWithItsCacheOn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	if _, err := pgmigrate.Apply(ctx, pool, Migrations()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	master, err := LoadMasterKey("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		k, err := NewKeyring(ctx, pool, master)
		if err != nil {
			t.Fatal(err)
		}
		on := k.listening.Load()
		k.Close()
		if !on {
			t.Fatalf("keyring %d: NewKeyring returned before its key cache was on", i)
		}
	}
}
