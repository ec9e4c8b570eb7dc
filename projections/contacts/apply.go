package contacts

import (
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// fact is what every statement needs of an event besides its payload.
type fact struct {
	version int64
	at      time.Time
	erased  bool
}

func factOf(d eventstore.Decoded, subject string) fact {
	at := d.Metadata.OccurredAt
	if at.IsZero() {
		at = d.RecordedAt
	}
	return fact{version: int64(d.Version), at: at, erased: d.IsErased(subject)}
}

// queue adds the statement for one event to b; created is the row's
// created_at should a details event insert it.
func queue(b *pgx.Batch, d eventstore.Decoded, created time.Time) error {
	switch e := d.Event.(type) {
	case contact.PersonRegistered:
		queueRow(b, personRow(e.ContactID, e.Details), factOf(d, e.ContactID), created)
	case contact.PersonDetailsChanged:
		queueRow(b, personRow(e.ContactID, e.Details), factOf(d, e.ContactID), created)
	case contact.OrganisationRegistered:
		queueRow(b, organisationRow(e.ContactID, e.Details), factOf(d, e.ContactID), created)
	case contact.OrganisationDetailsChanged:
		queueRow(b, organisationRow(e.ContactID, e.Details), factOf(d, e.ContactID), created)
	case contact.ContactArchived:
		queueArchived(b, e.ContactID, true, factOf(d, e.ContactID))
	case contact.ContactReactivated:
		queueArchived(b, e.ContactID, false, factOf(d, e.ContactID))
	case contact.AffiliationAdded:
		queueAffiliation(b, e, factOf(d, e.ContactID))
	case contact.AffiliationEnded:
		queueAffiliationEnded(b, e, factOf(d, e.ContactID))
	default:
		return fmt.Errorf("contacts: no projection for event type %s", d.Type)
	}
	return nil
}

const archivedSQL = `UPDATE contacts_v1 SET archived = $2, version = $3, updated_at = $4
	WHERE id = $1 AND version < $3`

func queueArchived(b *pgx.Batch, id string, archived bool, f fact) {
	b.Queue(archivedSQL, id, archived, f.version, f.at)
}

// claimSQL moves the contact to the event's version, yielding its id only
// when the event is new: the affiliation statements act only then.
const claimSQL = `WITH claim AS (UPDATE contacts_v1 SET version = $2, updated_at = $3
	WHERE id = $1 AND version < $2 RETURNING id) `

const affiliationSQL = claimSQL + `INSERT INTO contacts_v1_affiliations (person_id, organisation_id, role, since)
	SELECT id, $4, $5, $3 FROM claim
	ON CONFLICT (person_id, organisation_id) DO UPDATE SET role = EXCLUDED.role`

func queueAffiliation(b *pgx.Batch, e contact.AffiliationAdded, f fact) {
	role := e.Role
	if f.erased {
		role = ""
	}
	b.Queue(affiliationSQL, e.ContactID, f.version, f.at, e.OrganisationID, role)
}

const affiliationEndedSQL = claimSQL + `DELETE FROM contacts_v1_affiliations a USING claim
	WHERE a.person_id = claim.id AND a.organisation_id = $4`

func queueAffiliationEnded(b *pgx.Batch, e contact.AffiliationEnded, f fact) {
	b.Queue(affiliationEndedSQL, e.ContactID, f.version, f.at, e.OrganisationID)
}
