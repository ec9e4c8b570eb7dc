package contact

import "github.com/klient-crm/klient/domain"

// Archive decides to take the contact out of everyday lists; nothing is
// deleted. Archiving an archived contact decides nothing rather than
// failing: the contact already is as asked, so a double click or a retry is
// harmless (a stale view is still caught by the expected version).
func (c *Contact) Archive() ([]domain.Event, error) {
	if err := c.changeable(); err != nil || c.archived {
		return nil, err
	}
	return []domain.Event{ContactArchived{ContactID: c.id}}, nil
}

// Reactivate decides to bring an archived contact back into everyday use;
// an active contact decides nothing.
func (c *Contact) Reactivate() ([]domain.Event, error) {
	if err := c.changeable(); err != nil || !c.archived {
		return nil, err
	}
	return []domain.Event{ContactReactivated{ContactID: c.id}}, nil
}
