package credentials_test

import (
	"context"
	"strings"
	"testing"

	"github.com/klient-crm/klient/crypto/credentials"
)

const goodPassword = "korrekt häst batteri häftklammer"

func TestPasswordRoundTrip(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	must(t, f.store.SetPassword(ctx, "staff-1", goodPassword))
	for _, tc := range []struct {
		staff, password string
		want            bool
	}{
		{"staff-1", goodPassword, true},
		{"staff-1", goodPassword + " ", false},
		{"staff-1", strings.ToUpper(goodPassword), false},
		{"staff-2", goodPassword, false}, // no such account: false, not an error
	} {
		ok, err := f.store.VerifyPassword(ctx, tc.staff, tc.password)
		if err != nil || ok != tc.want {
			t.Errorf("VerifyPassword(%s, %q) = %v, %v; want %v", tc.staff, tc.password, ok, err, tc.want)
		}
	}
}

func TestPasswordNormalisedNFKC(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	composed, decomposed := "sjö och \u00e5 i skogen", "sjö och a\u030a i skogen"
	must(t, f.store.SetPassword(ctx, "staff-1", composed))
	if ok, err := f.store.VerifyPassword(ctx, "staff-1", decomposed); !ok || err != nil {
		t.Fatalf("decomposed å did not verify: %v, %v", ok, err)
	}
}

func TestStoredHashHoldsNoPlaintext(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	must(t, f.store.SetPassword(ctx, "staff-1", goodPassword))
	text := f.tableText(t, "credentials_passwords")
	if strings.Contains(text, "häftklammer") || !strings.Contains(text, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("stored row %q: want a PHC argon2id hash and no plaintext", text)
	}
	must(t, f.store.SetPassword(ctx, "staff-2", goodPassword))
	var distinct int
	must(t, f.pool.QueryRow(ctx, `SELECT count(DISTINCT hash) FROM credentials_passwords`).Scan(&distinct))
	if distinct != 2 {
		t.Fatal("one password gave two members the same hash: the salt is missing")
	}
}

// TestDefaultParamsAndUpgrade runs the production cost once, and checks a
// hash made with older parameters is replaced at the next correct sign-in.
func TestDefaultParamsAndUpgrade(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	must(t, f.store.SetPassword(ctx, "staff-1", goodPassword))
	prod, err := credentials.New(f.pool, credentials.WithClock(f.clock.Now))
	must(t, err)
	if ok, err := prod.VerifyPassword(ctx, "staff-1", "wrong password entirely"); ok || err != nil {
		t.Fatalf("wrong password: %v, %v", ok, err)
	}
	if ok, err := prod.VerifyPassword(ctx, "staff-1", goodPassword); !ok || err != nil {
		t.Fatalf("right password: %v, %v", ok, err)
	}
	if text := f.tableText(t, "credentials_passwords"); !strings.Contains(text, "$m=65536,t=2,p=2$") {
		t.Fatalf("hash not upgraded to the default parameters: %s", text)
	}
	if ok, err := prod.VerifyPassword(ctx, "staff-1", goodPassword); !ok || err != nil {
		t.Fatalf("right password after upgrade: %v, %v", ok, err)
	}
}

func TestDeletePassword(t *testing.T) {
	t.Parallel()
	f, ctx := newFixture(t), context.Background()
	must(t, f.store.SetPassword(ctx, "staff-1", goodPassword))
	must(t, f.store.DeletePassword(ctx, "staff-1"))
	if ok, err := f.store.VerifyPassword(ctx, "staff-1", goodPassword); ok || err != nil {
		t.Fatalf("deleted password still verifies: %v, %v", ok, err)
	}
}
