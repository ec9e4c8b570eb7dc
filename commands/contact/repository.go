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

// LoadLinkable is LoadAs for a new link to the contact (a matter's party,
// a task's subject, a log entry's contact): a person whose processing is
// restricted to the actor comes back, too, as one that does not exist.
func LoadLinkable(ctx context.Context, j *journal.Journal, actor journal.Actor, id string) (*domaincontact.Contact, journal.Span, error) {
	if actor.Restricted != nil && actor.Restricted(id) {
		return new(domaincontact.Contact), journal.Span{}, nil
	}
	return LoadAs(ctx, j, actor, id)
}

// Linkable refuses to link a record (a task, a communication) to contact
// id when the actor may not know of it or it does not exist — one answer
// for both — or when its data was erased: the contact's key may seal the
// record, and no key is made for a subject that is not there. field names
// the input; notFound and erased are the refusals' codes.
func Linkable(ctx context.Context, j *journal.Journal, actor journal.Actor, id, field, notFound, erased string) error {
	c, _, err := LoadLinkable(ctx, j, actor, id)
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

// One personnummer or organisationsnummer, one contact: a registration or
// a change that gives a contact a number first claims it in the number's
// own stream (domaincontact.NumberStream, named by a keyed hash), appending
// with that stream's version expected, so two simultaneous claims cannot
// both win, on PostgreSQL and EventStoreDB alike; the contact's own event
// follows. A claim is not released by an event: the holder is asked
// whether it still holds the number when someone else wants it (lazy
// release), which also covers a number given up by a change, an erased
// holder and a claim whose contact was never written.

// NumberKeyName names the index key (crypto.Keyring.IndexKey) that
// WithNumberKey is given.
const NumberKeyName = "contact-number"

// claimGrace is how long a claim whose contact has no stream yet still
// holds: its registration may be on its way. After it, the registration
// failed (the client went away between the two appends) and the number
// is free again.
const claimGrace = 2 * time.Minute

// claimAttempts bounds the rounds lost to simultaneous claims of one
// number; each lost round reads the winner's claim, so the next round
// refuses or takes over, and three rounds are more than a race needs.
const claimAttempts = 3

// WithNumberKey turns on the uniqueness of identity numbers, with key
// (at least domaincontact.MinNumberKeyLength bytes, the same for every
// instance: crypto.Keyring.IndexKey) naming the claim streams. Call it
// once, while wiring, before any handler runs; without it numbers are not
// checked (tests of other contexts that build a bare repository).
func (r *Contacts) WithNumberKey(key []byte) *Contacts {
	if len(key) >= domaincontact.MinNumberKeyLength {
		r.numberKey = append([]byte(nil), key...)
	}
	return r
}

// claimed runs decide and, when its events give contact id a number it
// does not hold yet, claims the number before they are appended: the
// Decision that RegisterOn and ChangeOn run.
// A change decided on a stale view (expected, when given, is not the
// contact's version) claims nothing: ChangeOn refuses it next.
func (r *Contacts) claimed(ctx context.Context, actor journal.Actor, id string, expected *uint64, decide journal.Decision[*domaincontact.Contact]) journal.Decision[*domaincontact.Contact] {
	return func(c *domaincontact.Contact, now time.Time) ([]domain.Event, error) {
		events, err := decide(c, now)
		if err != nil || len(r.numberKey) == 0 || (expected != nil && c.Exists() && c.Version() != *expected) {
			return events, err
		}
		before := domaincontact.NumberOf(c.Kind(), c.PersonDetails(), c.OrganisationDetails())
		for _, ev := range events {
			kind, number := numberIn(ev)
			if number == "" || (c.Exists() && number == before) {
				continue
			}
			if err := r.claimNumber(ctx, actor, id, kind, number, now); err != nil {
				return nil, err
			}
		}
		return events, nil
	}
}

// numberIn is the identity number a contact event gives its contact.
func numberIn(ev domain.Event) (domaincontact.Kind, string) {
	switch e := ev.(type) {
	case domaincontact.PersonRegistered:
		return domaincontact.KindPerson, e.Details.Personnummer
	case domaincontact.PersonDetailsChanged:
		return domaincontact.KindPerson, e.Details.Personnummer
	case domaincontact.OrganisationRegistered:
		return domaincontact.KindOrganisation, e.Details.Organisationsnummer
	case domaincontact.OrganisationDetailsChanged:
		return domaincontact.KindOrganisation, e.Details.Organisationsnummer
	}
	return "", ""
}

// claim is the last claim of a number's stream.
type claim struct {
	found    bool
	version  uint64
	holder   string
	at       time.Time
	position eventstore.Position
}

// claimNumber makes contact id the holder of number, or refuses with
// domaincontact.NumberTakenError when another contact holds it.
func (r *Contacts) claimNumber(ctx context.Context, actor journal.Actor, id string, kind domaincontact.Kind, number string, now time.Time) error {
	s := journal.Stream{Name: domaincontact.NumberStream(domaincontact.NumberDigest(r.numberKey, kind, number)),
		StaleCode: "contact.number.busy"}
	for range claimAttempts {
		last, err := r.lastClaim(ctx, s.Name)
		if err != nil {
			return err
		}
		expected := eventstore.NoStream
		if last.found {
			if last.holder == id {
				return nil
			}
			held, err := r.stillHeld(ctx, last, kind, number, now)
			if err != nil {
				return err
			}
			if held {
				return domaincontact.NumberTakenError(kind, last.holder)
			}
			expected = eventstore.Exact(last.version)
		}
		_, err = r.journal.Append(ctx, actor, s, expected, []domain.Event{domaincontact.NumberClaimed{ContactID: id}}, now)
		if !journal.IsStale(err) {
			return err
		}
	}
	return domain.Conflict("the number is being registered by someone else just now").WithCode("contact.number.busy")
}

func (r *Contacts) lastClaim(ctx context.Context, stream string) (claim, error) {
	var last claim
	err := r.journal.Read(ctx, stream, 0, func(env eventstore.Envelope) error {
		d, err := r.journal.Decode(ctx, env)
		if err != nil {
			return journal.AsDomainError(err)
		}
		if e, ok := d.Event.(domaincontact.NumberClaimed); ok {
			last = claim{found: true, version: env.Version, holder: e.ContactID,
				at: env.Metadata.OccurredAt, position: env.Position}
		}
		last.found, last.version = true, env.Version
		return nil
	})
	return last, err
}

// stillHeld asks the holder of the last claim whether it still holds the
// number: it does while it is a live contact whose details hold it, and
// while the claim is newer than its last event (the change or
// registration that claimed it is on its way, or failed a moment ago);
// a claim whose contact was never written holds for claimGrace.
func (r *Contacts) stillHeld(ctx context.Context, last claim, kind domaincontact.Kind, number string, now time.Time) (bool, error) {
	holder, sp, err := Load(ctx, &r.journal, last.holder)
	switch {
	case err != nil:
		return false, err
	case !sp.Found:
		return now.Sub(last.at) < claimGrace, nil
	case holder.Erased() || holder.MergedInto() != "":
		return false, nil
	case sp.Last.Less(last.position):
		return true, nil
	}
	return holder.Kind() == kind &&
		domaincontact.NumberOf(holder.Kind(), holder.PersonDetails(), holder.OrganisationDetails()) == number, nil
}

// ClaimRegistrations claims the numbers a batch of new registrations
// (journal.NewStreams of NewRegistration, not yet written) gives their
// contacts, before they are written: an import then holds its numbers as
// a registration does, race-free. The claims are created in one write
// (journal.CreateStreams, no stream expected); a claim stream that exists
// already is claimed the ordinary way, asking its holder. refused[i] is
// regs[i]'s NumberTakenError when another contact (or an earlier row of
// the batch) holds the number: the row is a duplicate of it and must not
// be registered. A registration of the same contact again (the same file
// imported twice) holds its own claim.
func (r *Contacts) ClaimRegistrations(ctx context.Context, actor journal.Actor, regs []journal.NewStream) (refused []error, err error) {
	refused = make([]error, len(regs))
	if len(r.numberKey) == 0 {
		return refused, nil
	}
	type wanted struct {
		i      int
		id     string
		kind   domaincontact.Kind
		number string
	}
	now := r.journal.Now()
	var claims []journal.NewStream
	var who []wanted
	first := map[string]string{} // claim stream → the batch's contact that claims it
	for i, reg := range regs {
		for _, ev := range reg.Events {
			kind, number := numberIn(ev)
			if number == "" {
				continue
			}
			id := contactOf(ev)
			name := domaincontact.NumberStream(domaincontact.NumberDigest(r.numberKey, kind, number))
			if holder, dup := first[name]; dup && holder != id {
				refused[i] = domaincontact.NumberTakenError(kind, holder)
				continue
			}
			first[name] = id
			claims = append(claims, journal.NewStream{Stream: journal.Stream{Name: name, StaleCode: "contact.number.busy"},
				Events: []domain.Event{domaincontact.NumberClaimed{ContactID: id}}})
			who = append(who, wanted{i, id, kind, number})
		}
	}
	if len(claims) == 0 {
		return refused, nil
	}
	_, errs, err := r.journal.CreateStreams(ctx, actor, claims, now)
	if err != nil {
		return nil, err
	}
	for k, e := range errs {
		if e == nil {
			continue
		}
		w := who[k]
		err := r.claimNumber(ctx, actor, w.id, w.kind, w.number, now)
		var taken *domaincontact.NumberTaken
		switch {
		case errors.As(err, &taken):
			refused[w.i] = err
		case err != nil:
			return nil, err
		}
	}
	return refused, nil
}

// contactOf is the contact a registration event is about.
func contactOf(ev domain.Event) string {
	switch e := ev.(type) {
	case domaincontact.PersonRegistered:
		return e.ContactID
	case domaincontact.OrganisationRegistered:
		return e.ContactID
	}
	return ""
}

// ClaimHeldNumber claims the number contact id's details hold when it
// holds it without a claim: registered before the claim streams existed,
// or by an import before imports claimed (the backfill, `klient contacts
// claim-numbers`). It may be run again: a contact holding its own claim is
// left as it is. other is the contact that holds the number's claim when
// it is not id: two live contacts with one number, which a person merges.
func (r *Contacts) ClaimHeldNumber(ctx context.Context, actor journal.Actor, id string) (other string, err error) {
	c, sp, err := Load(ctx, &r.journal, id)
	if err != nil || !sp.Found || c.Erased() || c.MergedInto() != "" || len(r.numberKey) == 0 {
		return "", err
	}
	number := domaincontact.NumberOf(c.Kind(), c.PersonDetails(), c.OrganisationDetails())
	if number == "" {
		return "", nil
	}
	err = r.claimNumber(ctx, actor, id, c.Kind(), number, r.journal.Now())
	var taken *domaincontact.NumberTaken
	if errors.As(err, &taken) {
		return taken.Holder, nil
	}
	return "", err
}
