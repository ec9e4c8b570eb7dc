package contact

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincontact "github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// NewRegistration decides the registration of a person or an
// organisation (exactly one of the two details) under an ID nobody has
// used, as an import does for each of its rows: the aggregate decides on
// an empty contact, without reading the stream. CreateNew appends it; a
// stream already there (an earlier run of the same file, an erased
// person) is then refused and nothing written. The registration form
// keeps RegisterPerson's read-then-append, which answers a retry with
// its first result.
func (r *Contacts) NewRegistration(id string, person *domaincontact.PersonDetails, org *domaincontact.OrganisationDetails, now time.Time) (journal.NewStream, error) {
	id, err := existingContactID(id)
	if err != nil {
		return journal.NewStream{}, err
	}
	c := new(domaincontact.Contact)
	var events []domain.Event
	if person != nil {
		events, err = c.RegisterPerson(id, *person, now)
	} else {
		events, err = c.RegisterOrganisation(id, *org, now)
	}
	return journal.NewStream{Stream: contactStream(id), Events: events}, err
}

// CreateNew creates new streams through the contacts' journal, in one
// write where the store allows (journal.CreateStreams): registrations,
// and the first entries of other contexts' streams decided for the same
// new contacts (an import's lawful bases; the codec seals them all).
// errs[i] is streams[i]'s refusal, a conflict when it existed.
func (r *Contacts) CreateNew(ctx context.Context, actor journal.Actor, streams []journal.NewStream, now time.Time) ([]eventstore.AppendResult, []error, error) {
	if err := actor.Check(); err != nil {
		return nil, nil, err
	}
	return r.journal.CreateStreams(ctx, actor, streams, now)
}

// Now is the repository's clock.
func (r *Contacts) Now() time.Time { return r.journal.Now() }
