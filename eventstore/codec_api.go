package eventstore

import (
	"context"

	"github.com/klient-crm/klient/domain"
)

// Sealer seals and opens personal data with a data subject's own key. The
// crypto package implements it. Open returns a *domain.Error of KindErased
// once the subject's key has been shredded.
type Sealer interface {
	Seal(ctx context.Context, subject string, plaintext, associatedData []byte) ([]byte, error)
	Open(ctx context.Context, subject string, ciphertext, associatedData []byte) ([]byte, error)
}

// KeyPrefetcher is an optional interface of a Sealer: it loads the keys of
// many subjects in one round trip, ahead of opening a batch of events that
// would otherwise load them one by one.
type KeyPrefetcher interface {
	Prefetch(ctx context.Context, subjects []string) error
}

// KeyEpoch is an optional interface of a Sealer: a number that changes
// whenever a key may have been destroyed (crypto.Keyring.Epoch).
type KeyEpoch interface {
	Epoch() uint64
}

// Decoded is an envelope with its event opened.
type Decoded struct {
	Envelope
	Event domain.Event
	// Erased lists subjects whose keys are gone: their personal fields in
	// Event were left at zero values and must be shown as erased.
	Erased []string
}

// IsErased reports whether subject's personal fields could not be opened.
func (d Decoded) IsErased(subject string) bool {
	for _, s := range d.Erased {
		if s == subject {
			return true
		}
	}
	return false
}
