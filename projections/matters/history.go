package matters

import (
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// historySQL records one event; %s adds what the event's summary takes
// from the state before it ($9 and on), which is why each event's history
// row is queued before its other statements.
const historySQL = `INSERT INTO matters_v1_history (matter_id, version, commit, prepare, type, actor, occurred_at, summary)
	SELECT $1::text, $2::bigint, $3::bigint, $4::bigint, $5::text, $6::text, $7::timestamptz, $8::jsonb || %s
	ON CONFLICT (matter_id, version) DO NOTHING`

// What a summary takes from before the event: which details fields it
// changed, the party's role and the responsible lawyer it replaced.
var (
	changedFields = `coalesce((SELECT jsonb_build_object('changed', to_jsonb(array_remove(ARRAY[
		CASE WHEN m.title <> $9 THEN 'title' END, CASE WHEN m.description <> $10 THEN 'description' END,
		CASE WHEN m.practice_area <> $11 THEN 'practice_area' END], NULL))) FROM matters_v1 m WHERE m.id = $1), '{}')`
	previousRole = `jsonb_strip_nulls(jsonb_build_object('previous_role',
		(SELECT role FROM matters_v1_parties WHERE matter_id = $1 AND party_id = $9::text)))`
	previousLawyer = `jsonb_strip_nulls(jsonb_build_object('previous_staff_id',
		(SELECT responsible_lawyer FROM matters_v1 WHERE id = $1)))`
	nothing = `'{}'::jsonb`
)

// queueHistory queues the event's history row.
func queueHistory(b *pgx.Batch, d eventstore.Decoded, f fact) error {
	s, extra, args := summaryOf(d.Event)
	if f.erased {
		s, extra, args = map[string]any{"erased": true}, nothing, nil
	}
	summary, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("matters: summary of %s: %w", d.Type, err)
	}
	head := []any{f.id, f.version, int64(d.Position.Commit), int64(d.Position.Prepare), d.Type,
		d.Metadata.Actor, f.at, string(summary)}
	b.Queue(fmt.Sprintf(historySQL, extra), append(head, args...)...)
	return nil
}

// summaryOf says what an event changed in IDs, roles, statuses and
// decisions: never a title, a note, a name or a reason.
func summaryOf(ev domain.Event) (map[string]any, string, []any) {
	switch e := ev.(type) {
	case matter.MatterOpened:
		return map[string]any{"number": e.Number, "practice_area": e.PracticeArea,
			"responsible_lawyer": e.ResponsibleLawyer, "status": matter.StatusIntake}, nothing, nil
	case matter.MatterDetailsChanged:
		return map[string]any{"practice_area": e.PracticeArea}, changedFields, []any{e.Details.Title, e.Details.Description, e.PracticeArea}
	case matter.PartyAdded:
		return map[string]any{"party_id": e.PartyID, "contact_id": e.ContactID, "role": e.Role}, nothing, nil
	case matter.PartyRoleChanged:
		return map[string]any{"party_id": e.PartyID, "contact_id": e.ContactID, "role": e.Role}, previousRole, []any{e.PartyID}
	case matter.PartyRemoved:
		return map[string]any{"party_id": e.PartyID, "contact_id": e.ContactID}, previousRole, []any{e.PartyID}
	case matter.ResponsibleLawyerAssigned:
		return map[string]any{"staff_id": e.StaffID}, previousLawyer, nil
	case matter.TeamChanged:
		return map[string]any{"members": list(e.Members), "teams": list(e.Teams)}, nothing, nil
	case matter.AccessGranted:
		return map[string]any{"staff_id": e.StaffID}, nothing, nil
	case matter.AccessRevoked:
		return map[string]any{"staff_id": e.StaffID}, nothing, nil
	case matter.ConflictCheckRecorded:
		return map[string]any{"check_id": e.CheckID, "decision": e.Decision, "hits": len(e.Hits),
			"decided_by": e.DecidedBy, "position": fmt.Sprintf("%d/%d", e.Position.Commit, e.Position.Prepare)}, nothing, nil
	case matter.NoteAdded:
		return map[string]any{"note_id": e.NoteID}, nothing, nil
	case matter.MatterDetailsRedacted:
		return map[string]any{}, nothing, nil
	case matter.NoteTextRedacted:
		return map[string]any{"note_id": e.NoteID}, nothing, nil
	}
	return statusSummary(ev), nothing, nil
}

func statusSummary(ev domain.Event) map[string]any {
	switch e := ev.(type) {
	case matter.MatterActivated:
		return map[string]any{"status": matter.StatusOpen}
	case matter.MatterClosed:
		return map[string]any{"status": matter.StatusClosed}
	case matter.MatterReopened:
		return map[string]any{"status": e.Status}
	case matter.MatterArchived:
		return map[string]any{"status": matter.StatusArchived}
	}
	return map[string]any{}
}
