package conflicts

import (
	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// claimContactSQL moves the contact's guard to the event's version; an
// older event, or any event of an erased contact, leaves it be.
const claimContactSQL = `INSERT INTO conflict_index_v1_contacts (contact_id, version) VALUES ($1, $2)
ON CONFLICT (contact_id) DO UPDATE SET version = EXCLUDED.version
WHERE conflict_index_v1_contacts.version < EXCLUDED.version AND NOT conflict_index_v1_contacts.erased`

// atVersion holds the statements after the claim to the event that holds
// the guard (the event itself, applied again, still does).
const atVersion = `EXISTS (SELECT 1 FROM conflict_index_v1_contacts
	WHERE contact_id = $1 AND version = $2 AND NOT erased)`

const formerSQL = `UPDATE conflict_index_v1 SET current = false WHERE contact_id = $1 AND current AND ` + atVersion

// termsSQL adds the event's terms (current again if they were former) and
// the names among them to the distinct names.
const termsSQL = `WITH added AS (INSERT INTO conflict_index_v1 (contact_id, kind, term, written, current)
	SELECT $1, u.kind, CASE WHEN u.kind = 'name' THEN conflict_index_v1_fold(u.written) ELSE u.term END, u.written, true
	FROM unnest($3::text[], $4::text[], $5::text[]) AS u(kind, term, written)
	WHERE ` + atVersion + `
	ON CONFLICT (contact_id, kind, term) DO UPDATE SET written = EXCLUDED.written, current = true
	RETURNING kind, term)
INSERT INTO conflict_index_v1_names (term) SELECT DISTINCT term FROM added WHERE kind = 'name'
ON CONFLICT (term) DO NOTHING`

const erasedSQL = `INSERT INTO conflict_index_v1_contacts (contact_id, version, erased) VALUES ($1, $2, true)
ON CONFLICT (contact_id) DO UPDATE SET erased = true,
	version = greatest(conflict_index_v1_contacts.version, EXCLUDED.version)`

// forgetSQL deletes an erased contact's terms, and the names nobody else
// holds. (The subquery sees the rows as before this statement, the
// contact's own among them.)
const forgetSQL = `WITH gone AS (DELETE FROM conflict_index_v1 WHERE contact_id = $1 RETURNING kind, term)
DELETE FROM conflict_index_v1_names n USING gone
WHERE gone.kind = 'name' AND n.term = gone.term AND NOT EXISTS (SELECT 1 FROM conflict_index_v1 t
	WHERE t.kind = 'name' AND t.term = n.term AND t.contact_id <> $1)`

// queueContact queues a contact's details event; false if d is none.
// Details carry the complete new set, so the terms they no longer hold
// become former ones and stay findable.
func queueContact(b *pgx.Batch, d eventstore.Decoded) bool {
	var id string
	var t terms
	switch e := d.Event.(type) {
	case contact.PersonRegistered:
		id, t = e.ContactID, personTerms(e.Details)
	case contact.PersonDetailsChanged:
		id, t = e.ContactID, personTerms(e.Details)
	case contact.OrganisationRegistered:
		id, t = e.ContactID, organisationTerms(e.Details)
	case contact.OrganisationDetailsChanged:
		id, t = e.ContactID, organisationTerms(e.Details)
	default:
		return false
	}
	v := int64(d.Version)
	if d.IsErased(id) {
		b.Queue(erasedSQL, id, v)
		b.Queue(forgetSQL, id)
		b.Queue(unlinkSQL, id)
		return true
	}
	b.Queue(claimContactSQL, id, v)
	b.Queue(formerSQL, id, v)
	b.Queue(termsSQL, id, v, t.kinds, t.terms, t.written)
	return true
}

const (
	linkSQL = `INSERT INTO conflict_index_v1_links (a_id, b_id, relation) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`
	linkEndedSQL = `DELETE FROM conflict_index_v1_links WHERE a_id = $1 AND b_id = $2 AND relation = $3`
	// unlinkSQL forgets an erased contact's links, both ways: whose
	// spouse or director they were is theirs too.
	unlinkSQL = `DELETE FROM conflict_index_v1_links WHERE a_id = $1 OR b_id = $1`
)

// relationAffiliation is a person's role at an organisation, as a link.
const relationAffiliation = "affiliation"

// queueLink queues an event that links two contacts or ends a link; false
// if d is none. A relation whose kind could not be opened (its contact
// was erased) is not linked: the erasure removed the contact's links.
func queueLink(b *pgx.Batch, d eventstore.Decoded) bool {
	switch e := d.Event.(type) {
	case contact.AffiliationAdded:
		if !d.IsErased(e.ContactID) {
			b.Queue(linkSQL, e.ContactID, e.OrganisationID, relationAffiliation)
		}
	case contact.AffiliationEnded:
		b.Queue(linkEndedSQL, e.ContactID, e.OrganisationID, relationAffiliation)
	case contact.RelationshipAdded:
		if !d.IsErased(e.ContactID) && e.Kind != "" {
			b.Queue(linkSQL, e.ContactID, e.OtherID, e.Kind)
		}
	case contact.RelationshipEnded:
		if !d.IsErased(e.ContactID) {
			b.Queue(linkEndedSQL, e.ContactID, e.OtherID, e.Kind)
		}
	default:
		return false
	}
	return true
}

// claimMatterSQL moves the matter's guard to the event's version, yielding
// the matter only when the event is new: the party statements act only then.
const claimMatterSQL = `WITH claim AS (UPDATE conflict_index_v1_matters SET version = $2
	WHERE matter_id = $1 AND version < $2 RETURNING matter_id, number) `

const (
	openedSQL = `INSERT INTO conflict_index_v1_matters (matter_id, number, version) VALUES ($1, $2, $3)
		ON CONFLICT (matter_id) DO NOTHING`
	partyAddedSQL = claimMatterSQL + `INSERT INTO conflict_index_v1_parties (matter_id, party_id, contact_id, role, matter_number)
		SELECT matter_id, $3, $4, $5, number FROM claim
		ON CONFLICT (matter_id, party_id) DO UPDATE SET contact_id = EXCLUDED.contact_id, role = EXCLUDED.role`
	partyRoleSQL = claimMatterSQL + `UPDATE conflict_index_v1_parties p SET role = $4 FROM claim
		WHERE p.matter_id = claim.matter_id AND p.party_id = $3`
	partyRemovedSQL = claimMatterSQL + `DELETE FROM conflict_index_v1_parties p USING claim
		WHERE p.matter_id = claim.matter_id AND p.party_id = $3`
)

// queueMatter queues a matter event that changes its parties; false if d
// is none.
func queueMatter(b *pgx.Batch, d eventstore.Decoded) bool {
	v := int64(d.Version)
	switch e := d.Event.(type) {
	case matter.MatterOpened:
		b.Queue(openedSQL, e.MatterID, e.Number, v)
	case matter.PartyAdded:
		b.Queue(partyAddedSQL, e.MatterID, v, e.PartyID, e.ContactID, string(e.Role))
	case matter.PartyRoleChanged:
		b.Queue(partyRoleSQL, e.MatterID, v, e.PartyID, string(e.Role))
	case matter.PartyRemoved:
		b.Queue(partyRemovedSQL, e.MatterID, v, e.PartyID)
	default:
		return false
	}
	return true
}
