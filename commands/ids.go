package commands

import (
	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
)

// newContactID returns the canonical form of the ID a client chose for a
// new contact (so that a retry lands on the same stream), or a fresh UUIDv7
// when it chose none.
func newContactID(chosen string) (string, error) {
	if chosen == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return "", domain.Internal(err)
		}
		return id.String(), nil
	}
	id, err := uuid.Parse(chosen)
	if err != nil {
		return "", domain.Invalid("contact_id", "a contact ID is a UUID").WithCode("contact.id.format")
	}
	return id.String(), nil
}

// existingContactID returns the canonical form of an existing contact's
// ID; what is not a UUID names no contact.
func existingContactID(id string) (string, error) {
	u, err := uuid.Parse(id)
	if err != nil {
		return "", domain.NotFound("there is no such contact").WithCode("contact.not_found")
	}
	return u.String(), nil
}
