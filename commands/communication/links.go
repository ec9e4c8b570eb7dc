package communication

import (
	"context"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincommunication "github.com/klient-crm/klient/domain/communication"
)

// matterStreamName is a matter's stream. domain/matter owns the name; it
// is spelled here so that the log does not wait for that package.
func matterStreamName(matterID string) string { return "matter-" + matterID }

// canonicalLinks writes UUIDs of links in canonical form, so an entry is
// filed under exactly the IDs the streams use.
func canonicalLinks(l domaincommunication.Links) domaincommunication.Links {
	out := domaincommunication.Links{MatterID: journal.CanonicalID(l.MatterID)}
	for _, id := range l.ContactIDs {
		out.ContactIDs = append(out.ContactIDs, journal.CanonicalID(id))
	}
	return out
}

func canonicalParticipants(d domaincommunication.Details) domaincommunication.Details {
	ps := make([]domaincommunication.Participant, len(d.Participants))
	for i, p := range d.Participants {
		ps[i] = domaincommunication.Participant{Kind: p.Kind, ID: journal.CanonicalID(p.ID)}
	}
	d.Participants = ps
	return d
}

// checkLinks refuses links to a matter that was never opened and to
// contacts that do not exist or were erased: the first contact's key may
// seal the entry, and no key is made for a subject that is not there.
func checkLinks(ctx context.Context, j *journal.Journal, actor journal.Actor, l domaincommunication.Links) error {
	if l.MatterID != "" {
		if err := CheckMatter(ctx, j, l.MatterID); err != nil {
			return err
		}
	}
	for _, id := range l.ContactIDs {
		if err := contactcmd.Linkable(ctx, j, actor, id, "contact_ids", "communication.contact.not_found",
			"communication.contact.erased"); err != nil {
			return err
		}
	}
	return nil
}

// CheckMatter refuses a matter whose stream does not exist, for an entry
// or a document filed under it. Whether the matter is still open is the
// matter context's rule, not checked here.
func CheckMatter(ctx context.Context, j *journal.Journal, matterID string) error {
	_, found, err := j.First(ctx, matterStreamName(matterID))
	if err == nil && !found {
		return domain.Invalid("matter_id", "there is no such matter").WithCode("communication.matter.not_found")
	}
	return err
}
