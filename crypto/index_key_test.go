package crypto_test

import (
	"bytes"
	"context"
	"testing"

	klientcrypto "github.com/klient-crm/klient/crypto"
)

// Every instance gets the same index key; each name its own; the stored
// secret is wrapped by the master key, and another master key cannot
// open it.
func TestIndexKey(t *testing.T) {
	t.Parallel()
	s := newKeyStore(t)
	ctx := context.Background()
	one, other := s.keyring(t, true), s.keyring(t, true)
	a, err := one.IndexKey(ctx, "contact-number")
	if err != nil {
		t.Fatal(err)
	}
	b, err := other.IndexKey(ctx, "contact-number")
	if err != nil {
		t.Fatal(err)
	}
	c, err := one.IndexKey(ctx, "something-else")
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != klientcrypto.IndexKeyLength || !bytes.Equal(a, b) || bytes.Equal(a, c) {
		t.Fatalf("keys %x %x %x", a, b, c)
	}
	var stored []byte
	if err := s.pool.QueryRow(ctx, `SELECT secret FROM keystore_index_keys WHERE name = 'contact-number'`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(stored, a) {
		t.Fatal("the index key is stored in the clear")
	}
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	foreign, err := klientcrypto.NewKeyring(ctx, s.pool, master)
	if err != nil {
		t.Fatal(err)
	}
	defer foreign.Close()
	if _, err := foreign.IndexKey(ctx, "contact-number"); err == nil {
		t.Fatal("another master key opened the index key")
	}
}
