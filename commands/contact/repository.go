package contact

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincontact "github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// Contacts is the repository of contact aggregates that every contact
// command handler shares: it rebuilds a contact from its stream and appends
// what the contact decided.
type Contacts struct {
	journal     journal.Journal
	restriction restrictionHook // optional: see WithRestrictionGuard
	numberKey   []byte          // optional: see WithNumberKey
}

// NewContacts returns the repository. The codec must have the contact
// events registered; clock is the only source of "now" (time.Now in
// production, a fixed clock in tests).
func NewContacts(store journal.EventStore, codec journal.EventCodec, clock func() time.Time) (*Contacts, error) {
	j, err := journal.New("NewContacts", store, codec, clock)
	if err != nil {
		return nil, err
	}
	return &Contacts{journal: j}, nil
}

// requireContacts is the nil check every handler constructor shares.
func requireContacts(handler string, contacts *Contacts) error {
	if contacts == nil {
		return errors.New("commands." + handler + ": contacts repository is required")
	}
	return nil
}

// register runs a contact's registration (see journal.RegisterOn).
func (r *Contacts) register(ctx context.Context, actor journal.Actor, id string, decide journal.Decision[*domaincontact.Contact]) (Result, error) {
	p, err := journal.RegisterOn(ctx, &r.journal, actor, contactStream(id), r.loader(id), r.claimed(ctx, actor, id, nil, decide))
	return contactResult(id, p, err)
}

// change runs a decision on the existing contact rawID that the caller
// last saw at version expected (see journal.ChangeOn).
func (r *Contacts) change(ctx context.Context, actor journal.Actor, rawID string, expected uint64, decide journal.Decision[*domaincontact.Contact]) (Result, error) {
	if err := actor.Check(); err != nil {
		return Result{}, err
	}
	id, err := existingContactID(rawID)
	if err != nil {
		return Result{}, err
	}
	if err := r.restriction.check(ctx, actor, id); err != nil {
		return Result{}, err
	}
	p, err := journal.ChangeOn(ctx, &r.journal, actor, contactStream(id), expected, r.loader(id), r.claimed(ctx, actor, id, &expected, decide))
	return contactResult(id, p, err)
}

func contactResult(id string, p journal.Placed, err error) (Result, error) {
	if err != nil {
		return Result{}, err
	}
	return Result{ContactID: id, Version: p.Version, Position: p.Position}, nil
}

// newContactID is journal.NewID for a contact.
func newContactID(chosen string) (string, error) {
	return journal.NewID(chosen, domain.Invalid("contact_id", "a contact ID is a UUID").WithCode("contact.id.format"))
}

// existingContactID is journal.ExistingID for a contact.
func existingContactID(id string) (string, error) {
	return journal.ExistingID(id, domain.NotFound("there is no such contact").WithCode("contact.not_found"))
}

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

// Linkable refuses to link a record (a task, a communication) to contact
// id when the actor may not know of it or it does not exist — one answer
// for both — or when its data was erased: the contact's key may seal the
// record, and no key is made for a subject that is not there. field names
// the input; notFound and erased are the refusals' codes.
func Linkable(ctx context.Context, j *journal.Journal, actor journal.Actor, id, field, notFound, erased string) error {
	c, _, err := LoadAs(ctx, j, actor, id)
	switch {
	case err != nil:
		return err
	case !c.Exists():
		return domain.Invalid(field, "there is no such contact").WithCode(notFound)
	case c.Erased():
		return domain.Invalid(field, "that contact's data has been erased").WithCode(erased)
	}
	return nil
}

// loader binds Load to one contact for the shared command flows.
func (r *Contacts) loader(id string) journal.Loader[*domaincontact.Contact] {
	return func(ctx context.Context) (*domaincontact.Contact, journal.Span, error) {
		return Load(ctx, &r.journal, id)
	}
}

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
