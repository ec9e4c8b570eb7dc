package commands

import (
	"context"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
)

// changedMeanwhile is the catalogue code of a lost race: the caller's view
// of the contact is stale.
const changedMeanwhile = "contact.changed_meanwhile"

// contactStream is contact id's stream.
func contactStream(id string) stream {
	return stream{name: contact.StreamName(id), staleCode: changedMeanwhile}
}

// loadedContact is a contact rebuilt from its stream, with what the
// replay found.
type loadedContact struct {
	*contact.Contact
	span
}

// load rebuilds contact id from its stream; a stream that does not exist
// yields a contact that does not exist.
func (r *Contacts) load(ctx context.Context, id string) (loadedContact, error) {
	lc := loadedContact{Contact: new(contact.Contact)}
	var err error
	lc.span, err = r.replay(ctx, contact.StreamName(id), id, func(ev domain.Event, erased bool) {
		if erased {
			lc.ApplyErased(ev)
		} else {
			lc.Apply(ev)
		}
	})
	return lc, err
}

// loader binds load to one contact for the shared command flows.
func (r *Contacts) loader(id string) loader[*contact.Contact] {
	return func(ctx context.Context) (*contact.Contact, span, error) {
		lc, err := r.load(ctx, id)
		return lc.Contact, lc.span, err
	}
}
