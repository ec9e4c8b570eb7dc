package credentials

import (
	"context"
	"sync"
	"testing"

	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
)

// Timing is not measured (a timed test on a shared machine is a flaky
// test). Instead these tests prove that an unknown account, an account
// without a password and VerifyDummy run argon2id exactly once with the
// store's parameters, which is all a real check does.

type kdfCalls struct {
	mu     sync.Mutex
	params []Params
}

func (k *kdfCalls) wrap(kdf func([]byte, []byte, Params) []byte) func([]byte, []byte, Params) []byte {
	return func(password, salt []byte, p Params) []byte {
		k.mu.Lock()
		k.params = append(k.params, p)
		k.mu.Unlock()
		return kdf(password, salt, p)
	}
}

func (k *kdfCalls) take() []Params {
	k.mu.Lock()
	defer k.mu.Unlock()
	out := k.params
	k.params = nil
	return out
}

func TestUnknownAccountCostsOneRealHash(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	ctx := context.Background()
	if _, err := pgmigrate.Apply(ctx, pool, Migrations()); err != nil {
		t.Fatal(err)
	}
	p := Params{Time: 1, MemoryKiB: 128, Threads: 1}
	s, err := New(pool, WithPasswordParams(p))
	if err != nil {
		t.Fatal(err)
	}
	calls := &kdfCalls{}
	s.kdf = calls.wrap(s.kdf)
	if err := s.SetPassword(ctx, "known", "ett långt lösenord här"); err != nil {
		t.Fatal(err)
	}
	calls.take()
	for name, check := range map[string]func(){
		"wrong password": func() { _, _ = s.VerifyPassword(ctx, "known", "fel lösenord helt och hållet") },
		"unknown member": func() { _, _ = s.VerifyPassword(ctx, "nobody", "fel lösenord helt och hållet") },
		"dummy":          func() { s.VerifyDummy(ctx, "fel lösenord helt och hållet") },
	} {
		check()
		if got := calls.take(); len(got) != 1 || got[0] != p {
			t.Errorf("%s: argon2id ran with %v; want exactly once with %v", name, got, p)
		}
	}
}

func TestDummyHashMatchesNothing(t *testing.T) {
	t.Parallel()
	h, err := parsePHC(dummyHash(DefaultParams))
	if err != nil || h.params != DefaultParams || len(h.salt) != saltLen || len(h.key) != keyLen {
		t.Fatalf("dummy hash %+v, %v: want the default parameters and full-size salt and key", h, err)
	}
	if a, b := dummyHash(DefaultParams), dummyHash(DefaultParams); a == b {
		t.Fatal("two dummy hashes are equal: the key is not random")
	}
}

func TestParsePHCRefusesTamperedCost(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"$argon2id$v=19$m=4194304,t=2,p=2$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2i$v=19$m=65536,t=2,p=2$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=16$m=65536,t=2,p=2$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=65536,t=0,p=2$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",
		"plaintext",
	} {
		if _, err := parsePHC(s); err == nil {
			t.Errorf("parsePHC(%q) accepted", s)
		}
	}
}
