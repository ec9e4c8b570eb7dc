package contact

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincontact "github.com/klient-crm/klient/domain/contact"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/eventstore"
)

// MergeContacts merges MergedID into SurvivorID: two contacts that are one
// person or organisation. The person merging has chosen, field by field,
// the details the survivor keeps (Person or Organisation, by kind; nil
// keeps the survivor's own).
type MergeContacts struct {
	Actor           journal.Actor
	SurvivorID      string
	SurvivorVersion uint64
	MergedID        string
	MergedVersion   uint64
	Person          *domaincontact.PersonDetails
	Organisation    *domaincontact.OrganisationDetails
}

// MergeResult is where a merge left both streams.
type MergeResult struct {
	Survivor Result
	Merged   Result
	// Marked is where the merged contact's special-category markings,
	// carried to the survivor, were left (zero: it had none), for the
	// special_contacts read model to be awaited.
	Marked eventstore.Position
}

// MergeContactsHandler handles MergeContacts.
type MergeContactsHandler struct{ contacts *Contacts }

// NewMergeContactsHandler returns the handler.
func NewMergeContactsHandler(contacts *Contacts) (*MergeContactsHandler, error) {
	if err := requireContacts("NewMergeContactsHandler", contacts); err != nil {
		return nil, err
	}
	return &MergeContactsHandler{contacts: contacts}, nil
}

// Handle checks both contacts (a walled one is refused as unknown, an
// erased survivor or a contact merged into itself with a clear error, and
// nothing is written), then records the merge in the merged contact's
// stream first — from then on it refuses changes and frees its number —
// and the survivor's taking it in, with the chosen details, after. Should
// the second append lose a race, the merge stands and the survivor's
// details are chosen again on its own page.
func (h *MergeContactsHandler) Handle(ctx context.Context, cmd MergeContacts) (MergeResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return MergeResult{}, err
	}
	survivorID, err := existingContactID(cmd.SurvivorID)
	if err != nil {
		return MergeResult{}, survivorField(domain.NotFound("there is no such contact to keep").WithCode("contact.merge.survivor_not_found"))
	}
	mergedID, err := existingContactID(cmd.MergedID)
	if err != nil {
		return MergeResult{}, err
	}
	survivor, sp, err := LoadAs(ctx, &h.contacts.journal, cmd.Actor, survivorID)
	if err != nil {
		return MergeResult{}, err
	}
	if survivor.Exists() && !survivor.Erased() && survivor.MergedInto() == "" && sp.Version != cmd.SurvivorVersion {
		// A survivor changed since the person chose its details is refused
		// before the merged contact is touched: a merge that then lost on
		// the survivor would stand with details chosen from a stale view.
		return MergeResult{}, contactStream(survivorID).Stale(cmd.SurvivorVersion)
	}
	if !cmd.Actor.Sees(mergedID) {
		return MergeResult{}, domain.NotFound("there is no such contact").WithCode("contact.not_found")
	}
	var out MergeResult
	out.Merged, err = h.contacts.change(ctx, cmd.Actor, mergedID, cmd.MergedVersion, func(c *domaincontact.Contact, now time.Time) ([]domain.Event, error) {
		if c.Exists() && survivorID != mergedID {
			if err := survivor.CheckMergeSurvivor(c.Kind()); err != nil {
				return nil, err
			}
		}
		return c.MergeInto(survivorID)
	})
	if err != nil {
		return MergeResult{}, err
	}
	// The merge stands: the survivor may now hold the merged contact's
	// details, so its markings follow before anything else.
	if out.Marked, err = h.carryMarkings(ctx, cmd.Actor, survivorID, mergedID); err != nil {
		return out, err
	}
	out.Survivor, err = h.contacts.change(ctx, cmd.Actor, survivorID, cmd.SurvivorVersion, func(c *domaincontact.Contact, now time.Time) ([]domain.Event, error) {
		events, err := c.Absorb(mergedID)
		if err != nil {
			return nil, err
		}
		var details []domain.Event
		switch {
		case cmd.Person != nil && c.Kind() == domaincontact.KindPerson:
			details, err = c.ChangePersonDetails(*cmd.Person, now)
		case cmd.Organisation != nil && c.Kind() == domaincontact.KindOrganisation:
			details, err = c.ChangeOrganisationDetails(*cmd.Organisation, now)
		}
		return append(events, details...), err
	})
	return out, err
}

func survivorField(e *domain.Error) *domain.Error { e.Field = "survivor_id"; return e }

// carryMarkings carries the merged contact's special-category markings
// (art. 9, 10) to the survivor, as domaindpo's CarryInto decides: the
// survivor's first, on its own markings' stream and so sealed with its
// key, then the merged contact's lifted on theirs. In that order a failure
// in between leaves the data marked twice, never unmarked. A marking made
// meanwhile on either stream is read again, as the marking command does.
func (h *MergeContactsHandler) carryMarkings(ctx context.Context, actor journal.Actor, survivorID, mergedID string) (eventstore.Position, error) {
	j := &h.contacts.journal
	merged := journal.Stream{Name: domaindpo.ContactSpecialStreamName(mergedID), StaleCode: "dpo.special.changed_meanwhile"}
	survivor := journal.Stream{Name: domaindpo.ContactSpecialStreamName(survivorID), StaleCode: "dpo.special.changed_meanwhile"}
	for attempt := 0; ; attempt++ {
		now := j.Now()
		from, into := new(domaindpo.ContactSpecialMarking), new(domaindpo.ContactSpecialMarking)
		fromSpan, err := j.Replay(ctx, merged.Name, mergedID, func(ev domain.Event, _ bool) { from.Apply(ev) })
		if err != nil {
			return eventstore.Position{}, err
		}
		intoSpan, err := j.Replay(ctx, survivor.Name, survivorID, func(ev domain.Event, _ bool) { into.Apply(ev) })
		if err != nil {
			return eventstore.Position{}, err
		}
		toSurvivor, toMerged, err := from.CarryInto(into, survivorID, mergedID, actor.ID, now)
		if err != nil || len(toMerged) == 0 {
			return eventstore.Position{}, err
		}
		var last eventstore.Position
		if len(toSurvivor) > 0 {
			res, err := j.Append(ctx, actor, survivor, expectedOf(intoSpan), toSurvivor, now)
			if attempt < 3 && journal.IsStale(err) {
				continue
			}
			if err != nil {
				return eventstore.Position{}, err
			}
			last = res.LastPosition
		}
		res, err := j.Append(ctx, actor, merged, expectedOf(fromSpan), toMerged, now)
		if attempt < 3 && journal.IsStale(err) {
			continue // the survivor's part is decided again: the same markings decide nothing
		}
		if err != nil {
			return last, err
		}
		return res.LastPosition, nil
	}
}

// expectedOf is the expected version of an append after replaying sp.
func expectedOf(sp journal.Span) eventstore.ExpectedVersion {
	if sp.Found {
		return eventstore.Exact(sp.Version)
	}
	return eventstore.NoStream
}
