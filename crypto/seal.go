package crypto

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// Seal encrypts plaintext with subject's key, creating the key on first use.
// The ciphertext opens only for the same subject and associated data.
func (k *Keyring) Seal(ctx context.Context, subject string, plaintext, associatedData []byte) ([]byte, error) {
	p, err := k.primitive(ctx, subject, true)
	if err != nil {
		return nil, err
	}
	ct, err := p.Encrypt(plaintext, boundAD(subject, associatedData))
	if err != nil {
		return nil, domain.Internal(err)
	}
	return ct, nil
}

// Open decrypts what Seal produced for subject and associatedData. After a
// Shred it returns a *domain.Error of kind erased; a ciphertext that does not
// open is a loud internal error (ErrOpenFailed), never "erased".
func (k *Keyring) Open(ctx context.Context, subject string, ciphertext, associatedData []byte) ([]byte, error) {
	p, err := k.primitive(ctx, subject, false)
	if err != nil {
		return nil, err
	}
	pt, err := p.Decrypt(ciphertext, boundAD(subject, associatedData))
	if err != nil {
		return nil, domain.Internal(ErrOpenFailed)
	}
	return pt, nil
}

// boundAD prefixes the caller's associated data with the length-delimited
// subject, so a ciphertext moved to another subject never opens, whatever
// the caller passes (and "ab"+"c" cannot pass for "a"+"bc").
func boundAD(subject string, ad []byte) []byte {
	out := make([]byte, 0, 4+len(subject)+len(ad))
	out = binary.BigEndian.AppendUint32(out, uint32(len(subject)))
	out = append(out, subject...)
	return append(out, ad...)
}

// primitive answers from the cache, else from the key store (which re-reads
// the tombstone), creating the key when create is set.
func (k *Keyring) primitive(ctx context.Context, subject string, create bool) (tink.AEAD, error) {
	if subject == "" {
		return nil, invalidSubject()
	}
	if p, ok := k.cache.get(subject); ok {
		if p == nil {
			return nil, erased()
		}
		return p, nil
	}
	epoch := k.cache.currentEpoch()
	rec, err := k.loadOrCreate(ctx, subject, create)
	if err != nil {
		return nil, err
	}
	if rec.shredded {
		k.cache.putErased(subject)
		return nil, erased()
	}
	p, err := k.unwrap(subject, rec.wrapped)
	if err != nil {
		return nil, err
	}
	if k.listening.Load() {
		k.cache.putKey(subject, p, epoch)
	}
	return p, nil
}

func (k *Keyring) loadOrCreate(ctx context.Context, subject string, create bool) (keyRecord, error) {
	rec, err := k.load(ctx, subject)
	switch {
	case err != nil || rec.shredded || rec.wrapped != nil:
		return rec, err
	case !create:
		return rec, domain.Internal(ErrNoKey)
	}
	return k.create(ctx, subject)
}

// Prefetch loads into the cache, in one round trip, the keys of those
// subjects that are not cached yet: the projections open a batch of events
// sealed for hundreds of people, and one key-store read each was most of
// the time spent opening them. Subjects without a key are left alone (Open
// reports them as before); erased ones are cached as erased. Nothing is
// cached while this instance cannot hear other instances' Shreds.
func (k *Keyring) Prefetch(ctx context.Context, subjects []string) error {
	if !k.listening.Load() {
		return nil
	}
	missing := make([]string, 0, len(subjects))
	for _, s := range subjects {
		if _, ok := k.cache.get(s); !ok && s != "" {
			missing = append(missing, s)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	epoch := k.cache.currentEpoch()
	rows, err := k.pool.Query(ctx, loadManySQL, missing)
	if err != nil {
		return domain.Internal(fmt.Errorf("crypto: read key store: %w", err))
	}
	var subject string
	var rec keyRecord
	_, err = pgx.ForEachRow(rows, []any{&subject, &rec.wrapped, &rec.shredded}, func() error {
		switch {
		case rec.shredded:
			k.cache.putErased(subject)
		case rec.wrapped != nil:
			p, err := k.unwrap(subject, rec.wrapped)
			if err != nil {
				return err
			}
			k.cache.putKey(subject, p, epoch)
		}
		return nil
	})
	if err != nil {
		return domain.Internal(fmt.Errorf("crypto: prefetch keys: %w", err))
	}
	return nil
}

// Epoch changes whenever a key may have been destroyed since: a Shred here
// or (heard by the listener) elsewhere, or a cache purge. Whoever keeps
// opened plaintext beyond one call (the projections' shared feed) notes it
// before opening and throws the plaintext away when it has moved.
func (k *Keyring) Epoch() uint64 { return k.cache.currentEpoch() }
