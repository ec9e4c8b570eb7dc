package crypto

import (
	"errors"

	"github.com/klient-crm/klient/domain"
)

// Sentinels under the *domain.Error values the Keyring returns; match them
// with errors.Is. None of them carries a subject or any plaintext.
var (
	// ErrShredded: the subject's key was destroyed (kind erased).
	ErrShredded = errors.New("crypto: the data subject's key was shredded")
	// ErrNoKey: Open for a subject that has neither key nor tombstone, i.e.
	// nothing was ever sealed for it, or the key store was restored from a
	// backup older than the ciphertext (kind internal).
	ErrNoKey = errors.New("crypto: no key for this data subject")
	// ErrOpenFailed: the ciphertext does not open with the subject's key:
	// tampered, truncated, or sealed for another subject or context (kind
	// internal; never mistaken for erasure).
	ErrOpenFailed = errors.New("crypto: ciphertext does not open with the data subject's key")
)

// erased is the answer to any Seal or Open after a Shred.
func erased() error {
	return &domain.Error{
		Kind:    domain.KindErased,
		Code:    "subject.erased",
		Message: "the data subject was erased",
		Err:     ErrShredded,
	}
}

func invalidSubject() error {
	return domain.Invalid("subject", "a data subject ID is required")
}
