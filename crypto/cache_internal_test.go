package crypto

import (
	"testing"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

func testPrimitive(t *testing.T) tink.AEAD {
	t.Helper()
	h, err := keyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		t.Fatal(err)
	}
	p, err := aead.New(h)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestKeyCacheIsBoundedLRU(t *testing.T) {
	c, p := newKeyCache(2), testPrimitive(t)
	c.putKey("a", p, c.currentEpoch())
	c.putKey("b", p, c.currentEpoch())
	c.get("a") // a is now the most recently used
	c.putKey("c", p, c.currentEpoch())
	if _, ok := c.get("b"); ok {
		t.Error("the least recently used subject was kept")
	}
	if _, ok := c.get("a"); !ok {
		t.Error("a recently used subject was evicted")
	}
	if c.len() != 2 {
		t.Errorf("len = %d; want 2", c.len())
	}
}

// A key loaded before an eviction must not be cached after it: that is how
// a Shred racing a slow load is kept from resurrecting the key in memory.
func TestKeyCacheDropsLoadsRacingAnEviction(t *testing.T) {
	c, p := newKeyCache(10), testPrimitive(t)
	epoch := c.currentEpoch()
	c.evict("a")
	c.putKey("a", p, epoch)
	if _, ok := c.get("a"); ok {
		t.Fatal("a stale load was cached")
	}
	c.putErased("a")
	if got, ok := c.get("a"); !ok || got != nil {
		t.Fatal("erased mark not cached")
	}
}
