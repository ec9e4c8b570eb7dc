package matters

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

// erasureEvents are the other contexts' events this read model follows:
// an erasure, and each contact's registration, which a replay decodes as
// erased once their key is gone. The latter is what keeps a replay from
// reopening an erased contact's probes where no SubjectErased follows in
// the log: after a restore of a backup taken before the erasure.
var erasureEvents = map[string]bool{
	gdpr.TypeSubjectErased:             true,
	contact.TypePersonRegistered:       true,
	contact.TypeOrganisationRegistered: true,
}

// probeOf matches a recorded check's inputs that probed for contact $1.
const probeOf = `jsonb_build_array(jsonb_build_object('contact_id', $1::text))`

const forgetSQL = `INSERT INTO matters_v1_erased_contacts (contact_id) VALUES ($1) ON CONFLICT DO NOTHING`

// subjectErasedSQL forgets what the matters hold of an erased contact: the
// notes on their party roles (sealed with their key), and their names,
// numbers and addresses among the conflict checks' inputs (sealed with
// the matter's key). The check keeps the probe's contact ID, so the record
// still says whom it covered.
var subjectErasedSQL = []string{
	forgetSQL,
	`UPDATE matters_v1_parties SET note = '' WHERE contact_id = $1 AND note <> ''`,
	`UPDATE matters_v1_checks SET inputs = (SELECT jsonb_agg(CASE WHEN p->>'contact_id' = $1
			THEN jsonb_build_object('contact_id', $1::text) ELSE p END ORDER BY i)
		FROM jsonb_array_elements(inputs) WITH ORDINALITY AS x(p, i))
	WHERE inputs @> ` + probeOf,
}

// queueErasure queues an erasure or a contact's registration; false if d
// is neither. It writes no history row: these streams are not matters'.
func queueErasure(b *pgx.Batch, d eventstore.Decoded) bool {
	switch e := d.Event.(type) {
	case gdpr.SubjectErased:
		for _, sql := range subjectErasedSQL {
			b.Queue(sql, e.SubjectID)
		}
	case contact.PersonRegistered:
		queueForgotten(b, d, e.ContactID)
	case contact.OrganisationRegistered:
		queueForgotten(b, d, e.ContactID)
	default:
		return false
	}
	return true
}

func queueForgotten(b *pgx.Batch, d eventstore.Decoded, contactID string) {
	if d.IsErased(contactID) {
		b.Queue(forgetSQL, contactID)
	}
}

// erasedProbesSQL blanks, in check $2 of matter $1, the probes of contacts
// already erased.
const erasedProbesSQL = `UPDATE matters_v1_checks c SET inputs = (SELECT jsonb_agg(CASE WHEN e.contact_id IS NULL
		THEN p ELSE jsonb_build_object('contact_id', e.contact_id) END ORDER BY i)
	FROM jsonb_array_elements(c.inputs) WITH ORDINALITY AS x(p, i)
	LEFT JOIN matters_v1_erased_contacts e ON e.contact_id = p->>'contact_id')
WHERE c.matter_id = $1 AND c.check_id = $2 AND EXISTS (SELECT 1 FROM jsonb_array_elements(c.inputs) p
	JOIN matters_v1_erased_contacts e ON e.contact_id = p->>'contact_id')`

// queueErasedProbes follows a recorded conflict check with erasedProbesSQL.
func queueErasedProbes(b *pgx.Batch, d eventstore.Decoded) {
	if e, ok := d.Event.(matter.ConflictCheckRecorded); ok {
		b.Queue(erasedProbesSQL, e.MatterID, e.CheckID)
	}
}

// matterRows are a matter's own rows, whose text its key seals: the file
// goes with the matter's key when its retention ends.
const matterRows = "'matter-' || matter_id = $1"

// holdings are where this read model keeps sealed fields' plaintext: a
// matter's title and description under an entry key the matter owns (or,
// opened before those, its key), its conflict checks under the matter's key,
// its notes under entry keys the matter owns (or, added before those, its
// key); a party's note under the contact's; and the names,
// numbers and addresses a check probed for, sealed with the matter's key
// but the probed contact's data, which that contact's erasure blanks.
var holdings = []projections.Holding{
	{Fields: []string{matter.TypeMatterOpened + ".details", matter.TypeMatterDetailsChanged + ".details", matter.TypeMatterDetailsRedacted + ".details"},
		Table: "matters_v1", Of: "'matter-' || id = $1", Columns: []string{"title", "description"}},
	{Fields: []string{matter.TypeMatterOpened + ".file"},
		NotKept: "the file's sign is the matter's number, kept in the clear; only whether it still opens is used"},
	{Fields: []string{matter.TypeNoteAdded + ".text", matter.TypeNoteTextRedacted + ".text"}, Table: "matters_v1_notes", Of: matterRows, Columns: []string{"text"}},
	{Fields: []string{matter.TypeConflictCheckRecorded + ".inputs", matter.TypeConflictCheckRecorded + ".reason"},
		Table: "matters_v1_checks", Of: matterRows, Columns: []string{"inputs", "reason"}},
	{Fields: []string{matter.TypeConflictCheckRecorded + ".inputs"}, Table: "matters_v1_checks c",
		Of: "c.inputs @> " + probeOf, Held: `EXISTS (SELECT 1 FROM jsonb_array_elements(c.inputs) p
			WHERE p->>'contact_id' = $1 AND (p ? 'names' OR p ? 'numbers' OR p ? 'emails'))`},
	{Fields: []string{matter.TypePartyAdded + ".note", matter.TypePartyRoleChanged + ".note"},
		Table: "matters_v1_parties", Of: "contact_id = $1", Columns: []string{"note"}},
	{Fields: []string{matter.TypeMatterReopened + ".reason", matter.TypeMatterDetailsRedacted + ".reasons"},
		Table: "matters_v1_reasons", Of: matterRows, Columns: []string{"reason"}},
	{Fields: []string{matter.TypeLateralHireChecked + ".file_name", matter.TypeLateralHireChecked + ".entries"},
		NotKept: "a lateral hire's list is read from the staff member's own stream (commands/matter), never projected"},
}

// Holdings declares what this read model keeps of sealed fields.
func (Projector) Holdings() []projections.Holding { return holdings }

// SubjectRows counts the rows of this read model that hold subjectID's
// personal data, by the declarations: what an erasure blanks, and zero
// once it has.
func SubjectRows(ctx context.Context, db DB, subjectID string) (int64, error) {
	n, err := projections.RowsHeld(ctx, db, holdings, subjectID)
	if err != nil {
		return 0, fmt.Errorf("matters: subject rows: %w", err)
	}
	return n, nil
}

// PersonalTables names the tables an erasure blanks or deletes rows in:
// notes on party roles and the conflict checks' inputs. The runtime
// rewrites them once it has (projections.PersonalData).
func (Projector) PersonalTables() []string {
	return []string{"matters_v1_parties", "matters_v1_checks"}
}
