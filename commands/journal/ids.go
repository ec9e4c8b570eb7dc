package journal

import (
	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
)

// NewID returns the canonical form of the UUID a client chose for a new
// record (so that a retry lands on the same stream), or a fresh UUIDv7 when
// it chose none; what is not a UUID is refused with notUUID.
func NewID(chosen string, notUUID error) (string, error) {
	if chosen == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return "", domain.Internal(err)
		}
		return id.String(), nil
	}
	id, err := uuid.Parse(chosen)
	if err != nil {
		return "", notUUID
	}
	return id.String(), nil
}

// ExistingID returns the canonical form of an existing record's ID; what
// is not a UUID names no record, and is refused with notFound.
func ExistingID(id string, notFound error) (string, error) {
	u, err := uuid.Parse(id)
	if err != nil {
		return "", notFound
	}
	return u.String(), nil
}

// CanonicalID writes a UUID in its canonical form and leaves anything else
// as it is: a wall must name records and people exactly as their streams do.
func CanonicalID(id string) string {
	if u, err := uuid.Parse(id); err == nil {
		return u.String()
	}
	return id
}
