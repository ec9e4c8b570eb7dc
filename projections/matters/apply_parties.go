package matters

import (
	"encoding/json"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// claimSQL moves the matter to the event's version, yielding its id only
// when the event is new: the statement after it acts only then.
const claimSQL = `WITH claim AS (UPDATE matters_v1 SET ` + step + ` RETURNING id) `

// partyClaimSQL is claimSQL for a change of parties, which a conflict
// check must then cover.
const partyClaimSQL = `WITH claim AS (UPDATE matters_v1 SET parties_changed_version = $2, ` + step + ` RETURNING id) `

const (
	partyAddedSQL = partyClaimSQL + `INSERT INTO matters_v1_parties (matter_id, party_id, contact_id, role, note, added_at)
		SELECT id, $4::text, $5::text, $6::text, $7::text, $3 FROM claim
		ON CONFLICT (matter_id, party_id) DO UPDATE SET contact_id = EXCLUDED.contact_id, role = EXCLUDED.role, note = EXCLUDED.note`
	partyRoleSQL = partyClaimSQL + `UPDATE matters_v1_parties p SET role = $5, note = $6 FROM claim
		WHERE p.matter_id = claim.id AND p.party_id = $4`
	partyRemovedSQL = partyClaimSQL + `DELETE FROM matters_v1_parties p USING claim WHERE p.matter_id = claim.id AND p.party_id = $4`
	// clientsSQL derives client_ids from the parties: idempotent by nature.
	clientsSQL = `UPDATE matters_v1 SET client_ids = ARRAY(SELECT contact_id FROM matters_v1_parties
		WHERE matter_id = $1 AND role = 'client' ORDER BY contact_id) WHERE id = $1`
	noteSQL = claimSQL + `INSERT INTO matters_v1_notes (matter_id, note_id, text, author, added_at)
		SELECT id, $4::text, $5::text, $6::text, $3 FROM claim ON CONFLICT (matter_id, note_id) DO NOTHING`
	// noteRedactedSQL replaces a note's text with its redaction's.
	noteRedactedSQL = claimSQL + `UPDATE matters_v1_notes n SET text = $5 FROM claim
		WHERE n.matter_id = claim.id AND n.note_id = $4`
	checkSQL = `WITH claim AS (UPDATE matters_v1 SET conflict_decision = $7, conflict_checked_version = $2, ` + step + ` RETURNING id)
		INSERT INTO matters_v1_checks (matter_id, check_id, version, ran_at, commit, prepare, inputs, hits,
			decision, reason, decided_by)
		SELECT id, $4::text, $2, $5::timestamptz, $8::bigint, $9::bigint, $10::jsonb, $11::jsonb, $7::text, $6::text, $12::text
		FROM claim ON CONFLICT (matter_id, check_id) DO NOTHING`
)

// queueParty queues an event that changes the matter's parties, notes or
// checks; false if d is none.
func queueParty(b *pgx.Batch, d eventstore.Decoded, f fact) bool {
	head := []any{f.id, f.version, f.at}
	switch e := d.Event.(type) {
	case matter.PartyAdded:
		b.Queue(partyAddedSQL, append(head, e.PartyID, e.ContactID, string(e.Role), partyNote(d, e.ContactID, e.Note))...)
		b.Queue(clientsSQL, f.id)
	case matter.PartyRoleChanged:
		b.Queue(partyRoleSQL, append(head, e.PartyID, string(e.Role), partyNote(d, e.ContactID, e.Note))...)
		b.Queue(clientsSQL, f.id)
	case matter.PartyRemoved:
		b.Queue(partyRemovedSQL, append(head, e.PartyID)...)
		b.Queue(clientsSQL, f.id)
	case matter.NoteAdded:
		b.Queue(noteSQL, append(head, e.NoteID, e.Text, d.Metadata.Actor)...)
	case matter.NoteTextRedacted:
		b.Queue(noteRedactedSQL, append(head, e.NoteID, e.Text)...)
	case matter.ConflictCheckRecorded:
		queueCheck(b, e, f)
	default:
		return false
	}
	if f.erased {
		b.Queue(erasedSQL, f.id)
	}
	return true
}

func queueCheck(b *pgx.Batch, e matter.ConflictCheckRecorded, f fact) {
	inputs, _ := json.Marshal(nonNil(e.Inputs)) // plain structs of strings: cannot fail
	hits, _ := json.Marshal(nonNil(e.Hits))
	b.Queue(checkSQL, f.id, f.version, f.at, e.CheckID, e.RanAt, e.Reason, string(e.Decision),
		int64(e.Position.Commit), int64(e.Position.Prepare), string(inputs), string(hits), e.DecidedBy)
}

// partyNote is the note unless the party's contact was erased.
func partyNote(d eventstore.Decoded, contactID, note string) string {
	if d.IsErased(contactID) {
		return ""
	}
	return note
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
