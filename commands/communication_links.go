package commands

import (
	"context"
	"errors"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
)

// matterStreamName is a matter's stream. domain/matter owns the name; it
// is spelled here so that the log does not wait for that package.
func matterStreamName(matterID string) string { return "matter-" + matterID }

// canonicalLinks writes UUIDs of links in canonical form, so an entry is
// filed under exactly the IDs the streams use.
func canonicalLinks(l communication.Links) communication.Links {
	out := communication.Links{MatterID: canonicalID(l.MatterID)}
	for _, id := range l.ContactIDs {
		out.ContactIDs = append(out.ContactIDs, canonicalID(id))
	}
	return out
}

func canonicalParticipants(d communication.Details) communication.Details {
	ps := make([]communication.Participant, len(d.Participants))
	for i, p := range d.Participants {
		ps[i] = communication.Participant{Kind: p.Kind, ID: canonicalID(p.ID)}
	}
	d.Participants = ps
	return d
}

// checkLinks refuses links to a matter that was never opened and to
// contacts that do not exist or were erased: the first contact's key may
// seal the entry, and no key is made for a subject that is not there.
func (j *journal) checkLinks(ctx context.Context, l communication.Links) error {
	if l.MatterID != "" {
		if err := j.checkMatter(ctx, l.MatterID); err != nil {
			return err
		}
	}
	contacts := Contacts{journal: *j}
	for _, id := range l.ContactIDs {
		c, err := contacts.load(ctx, id)
		switch {
		case err != nil:
			return err
		case !c.Exists():
			return domain.Invalid("contact_ids", "there is no such contact").WithCode("communication.contact.not_found")
		case c.Erased():
			return domain.Invalid("contact_ids", "that contact's data has been erased").WithCode("communication.contact.erased")
		}
	}
	return nil
}

// checkMatter refuses a matter whose stream does not exist. Whether the
// matter is still open is the matter context's rule, not checked here.
func (j *journal) checkMatter(ctx context.Context, matterID string) error {
	_, err := j.store.ReadStream(ctx, matterStreamName(matterID), 0, 1)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return domain.Invalid("matter_id", "there is no such matter").WithCode("communication.matter.not_found")
	}
	if err != nil {
		return asDomainError(err)
	}
	return nil
}
