package audit

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/eventstore"
)

// insertSQL writes a batch from column arrays. Subjects travel as one JSON
// array per event: unnest cannot take an array of arrays of different
// lengths.
const insertSQL = `INSERT INTO audit_trail_v1 (commit, prepare, event_id, stream, version, type, actor,
	occurred_at, recorded_at, subjects, matter_id, correlation_id)
SELECT u.commit, u.prepare, u.event_id, u.stream, u.version, u.type, u.actor, u.occurred_at, u.recorded_at,
	ARRAY(SELECT jsonb_array_elements_text(u.subjects)),
	CASE WHEN u.inherit THEN coalesce((SELECT t.matter_id FROM audit_trail_v1 t
		WHERE t.stream = u.stream AND t.matter_id <> '' LIMIT 1), '') ELSE u.matter_id END,
	u.correlation_id
FROM unnest($1::bigint[], $2::bigint[], $3::uuid[], $4::text[], $5::bigint[], $6::text[], $7::text[],
	$8::timestamptz[], $9::timestamptz[], $10::jsonb[], $11::text[], $12::text[], $13::bool[])
	AS u(commit, prepare, event_id, stream, version, type, actor, occurred_at, recorded_at, subjects, matter_id, correlation_id,
		inherit)
ON CONFLICT (commit, prepare) DO NOTHING`

// columnsOf lays a batch out as insertSQL's thirteen arrays. An event of a
// filed stream (a task's, a deadline's, a log entry's, a document's) that
// names no matter takes the one its stream's earlier events named: from
// the batch when one of them is in it, else from the table (inherit).
func columnsOf(events []eventstore.Decoded) []any {
	n := len(events)
	commits, prepares, versions := make([]int64, n), make([]int64, n), make([]int64, n)
	ids := make([]uuid.UUID, n)
	streams, types, actors, matters, correlations := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	occurred, recorded := make([]time.Time, n), make([]time.Time, n)
	subjects := make([]string, n)
	inherit := make([]bool, n)
	filedUnder := map[string]string{} // stream → matter, within the batch
	for i, d := range events {
		commits[i], prepares[i], versions[i] = int64(d.Position.Commit), int64(d.Position.Prepare), int64(d.Version)
		ids[i], streams[i], types[i], actors[i] = d.ID, d.Stream, d.Type, d.Metadata.Actor
		occurred[i], recorded[i] = occurredAt(d), d.RecordedAt
		subjects[i], matters[i], correlations[i] = subjectsJSON(d.Metadata.Subjects), MatterOf(d), d.Metadata.CorrelationID
		switch {
		case !filed(d.Stream):
		case matters[i] != "":
			if _, known := filedUnder[d.Stream]; !known {
				filedUnder[d.Stream] = matters[i]
			}
		default:
			matters[i] = filedUnder[d.Stream]
			inherit[i] = matters[i] == ""
		}
	}
	return []any{commits, prepares, ids, streams, versions, types, actors, occurred, recorded, subjects, matters, correlations, inherit}
}

// occurredAt is when the writer says the event happened, or when the store
// recorded it for an event that does not say.
func occurredAt(d eventstore.Decoded) time.Time {
	if d.Metadata.OccurredAt.IsZero() {
		return d.RecordedAt
	}
	return d.Metadata.OccurredAt
}

func subjectsJSON(subjects []string) string {
	if len(subjects) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(subjects) // a []string always marshals
	return string(b)
}
