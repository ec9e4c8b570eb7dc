package conflicts

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

// queueSubjectErased applies gdpr.SubjectErased: the contact's names,
// numbers and addresses leave the index (and the names nobody else holds
// leave the trigram list), and the guard refuses any later term. Their
// party rows stay: IDs and roles only, and the firm must still see that
// the contact took part. False if d is another event.
func queueSubjectErased(b *pgx.Batch, d eventstore.Decoded) bool {
	e, ok := d.Event.(gdpr.SubjectErased)
	if ok {
		b.Queue(erasedSQL, e.SubjectID, int64(0)) // the guard keeps the greater version
		b.Queue(forgetSQL, e.SubjectID)
		b.Queue(unlinkSQL, e.SubjectID)
	}
	return ok
}

// holdings are where the index keeps sealed fields' plaintext: a
// contact's terms (names folded, numbers, addresses, and each as
// written), and the folded names of the trigram list, which no contact
// holds once nobody has that name.
var holdings = []projections.Holding{
	{Fields: []string{contact.TypePersonRegistered + ".details", contact.TypePersonDetailsChanged + ".details",
		contact.TypeOrganisationRegistered + ".details", contact.TypeOrganisationDetailsChanged + ".details"},
		Table: "conflict_index_v1", Of: "contact_id = $1", Columns: []string{"term", "written"}},
	{Fields: []string{contact.TypePersonRegistered + ".details", contact.TypePersonDetailsChanged + ".details",
		contact.TypeOrganisationRegistered + ".details", contact.TypeOrganisationDetailsChanged + ".details"},
		Table: "conflict_index_v1_names n", Of: "$1 <> '' AND NOT EXISTS (SELECT 1 FROM conflict_index_v1 t WHERE t.kind = 'name' AND t.term = n.term)",
		Columns: []string{"term"}},
	{Fields: []string{contact.TypeRelationshipAdded + ".kind"}, Table: "conflict_index_v1_links",
		Of: "a_id = $1 OR b_id = $1", Columns: []string{"relation"}, Held: "relation <> '" + relationAffiliation + "'"},
	{Fields: []string{contact.TypeRelationshipEnded + ".kind"},
		NotKept: "an ended relation's link is deleted; the index never keeps it"},
}

// Holdings declares what this read model keeps of sealed fields.
func (Projector) Holdings() []projections.Holding { return holdings }

// SubjectRows counts the index rows that hold subjectID's personal data,
// by the declarations: what an erasure removes, and zero once it has.
func SubjectRows(ctx context.Context, db DB, subjectID string) (int64, error) {
	n, err := projections.RowsHeld(ctx, db, holdings, subjectID)
	if err != nil {
		return 0, fmt.Errorf("conflicts: subject rows: %w", err)
	}
	return n, nil
}

// PersonalTables names the tables an erasure blanks or deletes rows in: the
// index's names, numbers and addresses and the trigram list. The runtime
// rewrites them once it has (projections.PersonalData).
func (Projector) PersonalTables() []string {
	return []string{"conflict_index_v1", "conflict_index_v1_names", "conflict_index_v1_links"}
}
