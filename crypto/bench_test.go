package crypto_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	klientcrypto "github.com/klient-crm/klient/crypto"
)

// The payload is about the size of a sealed PersonDetails.
var benchPayload = []byte(`{"given_name":"Astrid","family_name":"Lindgren","personnummer":"19071114-1234","emails":[{"address":"astrid@example.se"}],"phones":[{"number":"+46701234567"}]}`)

func BenchmarkSealCacheHit(b *testing.B) {
	ctx := context.Background()
	k := newKeyStore(b).keyring(b, false)
	subject := uuid.NewString()
	if _, err := k.Seal(ctx, subject, benchPayload, nil); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(benchPayload)))
	for b.Loop() {
		if _, err := k.Seal(ctx, subject, benchPayload, []byte("ad")); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpenCacheHit(b *testing.B) {
	ctx := context.Background()
	k := newKeyStore(b).keyring(b, false)
	subject := uuid.NewString()
	ct, err := k.Seal(ctx, subject, benchPayload, []byte("ad"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(benchPayload)))
	for b.Loop() {
		if _, err := k.Open(ctx, subject, ct, []byte("ad")); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenCacheMiss is the cost of a subject not seen lately: one
// key-store round trip and an unwrap. Two subjects take turns in a cache of
// one, so every Open misses.
func BenchmarkOpenCacheMiss(b *testing.B) {
	ctx := context.Background()
	k := newKeyStore(b).keyring(b, false, klientcrypto.WithCacheSize(1))
	subjects := []string{uuid.NewString(), uuid.NewString()}
	cts := make([][]byte, 2)
	for i, s := range subjects {
		var err error
		if cts[i], err = k.Seal(ctx, s, benchPayload, nil); err != nil {
			b.Fatal(err)
		}
	}
	i := 0
	for b.Loop() {
		i ^= 1
		if _, err := k.Open(ctx, subjects[i], cts[i], nil); err != nil {
			b.Fatal(err)
		}
	}
}
