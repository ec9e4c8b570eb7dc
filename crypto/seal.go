package crypto

import (
	"context"
	"encoding/binary"

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
