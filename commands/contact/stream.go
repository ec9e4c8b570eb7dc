package contact

import (
	"context"

	"github.com/klient-crm/klient/commands/journal"
	domaincontact "github.com/klient-crm/klient/domain/contact"
)

// changedMeanwhile is the catalogue code of a lost race: the caller's view
// of the contact is stale.
const changedMeanwhile = "contact.changed_meanwhile"

// contactStream is contact id's stream.
func contactStream(id string) journal.Stream {
	return journal.Stream{Name: domaincontact.StreamName(id), StaleCode: changedMeanwhile}
}

// Load rebuilds contact id from its stream in j; a stream that does not
// exist yields a contact that does not exist. Other contexts read a contact
// with it (a party, a data subject, a log entry's contacts): from its own
// stream, so a contact registered a moment ago is found without waiting
// for a read model.
func Load(ctx context.Context, j *journal.Journal, id string) (*domaincontact.Contact, journal.Span, error) {
	c := new(domaincontact.Contact)
	sp, err := j.Replay(ctx, domaincontact.StreamName(id), id, journal.Applier(c))
	return c, sp, err
}

// LoadAs is Load for an actor: a contact the actor may not know of (a
// walled one) comes back as one that does not exist, with nothing read.
func LoadAs(ctx context.Context, j *journal.Journal, actor journal.Actor, id string) (*domaincontact.Contact, journal.Span, error) {
	if !actor.Sees(id) {
		return new(domaincontact.Contact), journal.Span{}, nil
	}
	return Load(ctx, j, id)
}

// loader binds Load to one contact for the shared command flows.
func (r *Contacts) loader(id string) journal.Loader[*domaincontact.Contact] {
	return func(ctx context.Context) (*domaincontact.Contact, journal.Span, error) {
		return Load(ctx, &r.journal, id)
	}
}
