package contact

import "github.com/klient-crm/klient/eventstore"

// Result tells the caller where a command left the contact.
type Result struct {
	// ContactID is the contact's ID in canonical UUID form (chosen by the
	// handler when a registration named none).
	ContactID string
	// Version is the version of the contact's last event: the caller sends
	// it back as ExpectedVersion with its next change.
	Version uint64
	// Position is where that event lies in the global log. A projection
	// whose checkpoint has reached it shows the change (read-your-writes).
	Position eventstore.Position
}
