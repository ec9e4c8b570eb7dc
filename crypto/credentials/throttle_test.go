package credentials_test

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/crypto/credentials"
)

func TestThrottleLocksAndUnlocksByClock(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	th, key := f.store.Throttle(), credentials.AccountKey("Advokat@Byran.se ")
	for i := 1; i <= 4; i++ {
		must(t, th.Failed(ctx, key))
		if wait, err := th.Check(ctx, key); wait != 0 || err != nil {
			t.Fatalf("after %d failures: wait %v, %v; want none", i, wait, err)
		}
	}
	must(t, th.Failed(ctx, key))
	expectWait(t, th, key, 30*time.Second)
	f.clock.Advance(30 * time.Second)
	expectWait(t, th, key, 0)
	must(t, th.Failed(ctx, key)) // the sixth failure doubles the lockout
	expectWait(t, th, key, time.Minute)
	must(t, th.Succeeded(ctx, key))
	expectWait(t, th, key, 0)
}

func TestThrottleCappedAndForgotten(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	th, key := f.store.Throttle(), credentials.AccountKey("staff-7")
	for range 20 {
		must(t, th.Failed(ctx, key))
	}
	expectWait(t, th, key, 15*time.Minute)
	f.clock.Advance(2 * time.Hour) // past Forget: the next failure counts as the first
	must(t, th.Failed(ctx, key))
	expectWait(t, th, key, 0)
}

func TestThrottleAddressPolicyIsLooser(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	th, key := f.store.Throttle(), credentials.AddressKey(netip.MustParseAddr("192.0.2.7"))
	for range 19 {
		must(t, th.Failed(ctx, key))
	}
	expectWait(t, th, key, 0)
	must(t, th.Failed(ctx, key))
	expectWait(t, th, key, time.Minute)
}

func TestThrottleStoresNoIdentifier(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	th := f.store.Throttle()
	must(t, th.Failed(ctx, credentials.AccountKey("anna.advokat@byran.se")))
	must(t, th.Failed(ctx, "addr:198.51.100.23"))
	text := f.tableText(t, "credentials_throttle")
	if strings.Contains(text, "anna") || strings.Contains(text, "198.51") || strings.Contains(text, "account:") {
		t.Fatalf("throttle table holds an identifier in the clear: %s", text)
	}
	f.clock.Advance(2 * time.Hour)
	if n, err := th.DeleteStale(ctx); n != 2 || err != nil {
		t.Fatalf("DeleteStale = %d, %v; want 2", n, err)
	}
}

func TestThrottleKeys(t *testing.T) {
	t.Parallel()
	if credentials.AccountKey(" Anna@Byran.SE") != credentials.AccountKey("anna@byran.se") {
		t.Error("account key is not normalised")
	}
	if k := credentials.AccountKey("anna@byran.se"); strings.Contains(k, "anna") || !strings.HasPrefix(k, "account:") {
		t.Errorf("account key %q", k)
	}
	a := credentials.AddressKey(netip.MustParseAddr("2001:db8:1:2:aaaa::1"))
	b := credentials.AddressKey(netip.MustParseAddr("2001:db8:1:2:bbbb::9"))
	if a != b || a != "addr:2001:db8:1:2::/64" {
		t.Errorf("IPv6 keys %q, %q; want one /64", a, b)
	}
	if k := credentials.AddressKey(netip.MustParseAddr("::ffff:192.0.2.1")); k != "addr:192.0.2.1" {
		t.Errorf("mapped IPv4 key %q", k)
	}
}

func expectWait(t *testing.T, th *credentials.Throttle, key string, want time.Duration) {
	t.Helper()
	if wait, err := th.Check(context.Background(), key); wait != want || err != nil {
		t.Fatalf("Check = %v, %v; want %v", wait, err, want)
	}
}
