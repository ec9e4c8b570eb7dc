package contacts

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/projections"
)

// erasedSQL leaves of an erased contact only the marker: every personal
// column, the search and sort forms and the lookup keys go, so neither the
// search box nor an index scan can find them again.
const erasedSQL = `UPDATE contacts_v1 SET display_name = '', sort_name = '', sort_key = '', search_name = '', given_name = '',
	family_name = '', organisation_name = '', personnummer = '', organisationsnummer = '', lookup_keys = '{}',
	emails = '[]', phones = '[]', addresses = '[]', protected_identity = false, erased = true
	WHERE id = $1`

// queueSubjectErased applies gdpr.SubjectErased: the key is gone, so
// nothing opened with it may stay here either. Replays reach the same
// state through the erased events themselves (queueRow).
func queueSubjectErased(b *pgx.Batch, subjectID string) {
	b.Queue(erasedSQL, subjectID)
	b.Queue(eraseRolesSQL, subjectID)
	b.Queue(eraseRelationshipsSQL, subjectID)
}

// detailsFields are the sealed details of a person or an organisation.
var detailsFields = []string{contact.TypePersonRegistered + ".details", contact.TypePersonDetailsChanged + ".details",
	contact.TypeOrganisationRegistered + ".details", contact.TypeOrganisationDetailsChanged + ".details"}

// holdings are where this read model keeps sealed fields' plaintext: the
// contact's row (names, numbers, addresses, the search and sort forms,
// the lookup keys), the words of the name, and a person's roles.
var holdings = []projections.Holding{
	{Fields: detailsFields, Table: "contacts_v1", Of: "id = $1", Columns: []string{"display_name", "sort_name",
		"sort_key", "search_name", "given_name", "family_name", "organisation_name", "personnummer",
		"organisationsnummer", "lookup_keys", "emails", "phones", "addresses"}},
	{Fields: detailsFields, Table: "contacts_v1_words", Of: "contact_id = $1", Columns: []string{"word", "sort_key"}},
	{Fields: []string{contact.TypeAffiliationAdded + ".role"}, Table: "contacts_v1_affiliations", Of: "person_id = $1",
		Columns: []string{"role"}},
	{Fields: []string{contact.TypeRelationshipAdded + ".kind"}, Table: "contacts_v1_relationships",
		Of: "from_id = $1 OR to_id = $1", Columns: []string{"kind"}},
	{Fields: []string{contact.TypeRelationshipEnded + ".kind"},
		NotKept: "an ended relation's row is deleted; only its history, from the log, names it"},
}

// Holdings declares what this read model keeps of sealed fields.
func (Projector) Holdings() []projections.Holding { return holdings }

// SubjectRows counts the rows of this read model that hold subjectID's
// personal data, by the declarations: what an erasure blanks, and zero
// once it has (the erasure certificate records both).
func SubjectRows(ctx context.Context, db DB, subjectID string) (int64, error) {
	n, err := projections.RowsHeld(ctx, db, holdings, subjectID)
	if err != nil {
		return 0, fmt.Errorf("contacts: subject rows: %w", err)
	}
	return n, nil
}

// PersonalTables names the tables an erasure blanks or deletes rows in: the
// contact row, the words of its name (the trigger deletes them with the
// name) and its roles at organisations. The runtime rewrites them once it
// has (projections.PersonalData).
func (Projector) PersonalTables() []string {
	return []string{"contacts_v1", "contacts_v1_words", "contacts_v1_affiliations", "contacts_v1_relationships"}
}
