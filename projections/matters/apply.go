package matters

import (
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// fact is what every statement needs of an event besides its payload.
type fact struct {
	id      string // the matter's
	version int64
	at      time.Time
	erased  bool // the matter's key is gone
}

func factOf(d eventstore.Decoded) fact {
	at := d.Metadata.OccurredAt
	if at.IsZero() {
		at = d.RecordedAt
	}
	// Every event of a matter's stream is the matter's (the numbering
	// streams are not handled).
	id := strings.TrimPrefix(d.Stream, matter.StreamName(""))
	return fact{id: id, version: int64(d.Version), at: at, erased: d.IsErased(matter.Subject(id))}
}

// step is the version guard every change of a matter's row shares.
const step = `version = $2, updated_at = $3 WHERE id = $1 AND version < $2`

const (
	openedSQL = `INSERT INTO matters_v1 (id, number, title, description, practice_area, status, opened_at,
		responsible_lawyer, erased, version, created_at, updated_at)
		VALUES ($1, $4, $5, $6, $7, 'intake', $3, $8, $9, $2, $3, $3) ON CONFLICT (id) DO NOTHING`
	detailsSQL     = `UPDATE matters_v1 SET title = $4, description = $5, practice_area = $6, erased = erased OR $7, ` + step
	redactedSQL    = `UPDATE matters_v1 SET title = $4, description = $5, ` + step
	activatedSQL   = `UPDATE matters_v1 SET status = 'open', activated_at = $3, ` + step
	closedSQL      = `UPDATE matters_v1 SET status = 'closed', closed_at = $3, ` + step
	reopenedSQL    = `UPDATE matters_v1 SET status = $4, closed_at = NULL, reopened_at = $3, ` + step
	archivedSQL    = `UPDATE matters_v1 SET status = 'archived', archived_at = $3, ` + step
	responsibleSQL = `UPDATE matters_v1 SET responsible_lawyer = $4, ` + step
	teamSQL        = `UPDATE matters_v1 SET team_members = $4, teams = $5, ` + step
	grantedSQL     = `UPDATE matters_v1 SET grants = ARRAY(SELECT DISTINCT g FROM unnest(grants || $4::text) g ORDER BY g), ` + step
	revokedSQL     = `UPDATE matters_v1 SET grants = array_remove(grants, $4), ` + step
	// A reopening's reason, and a redaction's restatement of every reason
	// in its place (on a rebuild the reopenings before it no longer open,
	// so the rows are written again, not only changed). Both run before
	// the matter's own statement, under its guard.
	reasonSQL = `INSERT INTO matters_v1_reasons (matter_id, version, reason)
		SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM matters_v1 WHERE id = $1 AND version < $2)
		ON CONFLICT (matter_id, version) DO NOTHING`
	redactedReasonsSQL = `INSERT INTO matters_v1_reasons (matter_id, version, reason)
		SELECT $1, x.v, x.r FROM unnest($2::bigint[], $3::text[]) AS x(v, r)
		WHERE EXISTS (SELECT 1 FROM matters_v1 WHERE id = $1 AND version < $4)
		ON CONFLICT (matter_id, version) DO UPDATE SET reason = EXCLUDED.reason`
	// erasedSQL marks a matter whose key is gone by an event that changes
	// nothing else; its sealed text is blanked wherever it is kept.
	erasedSQL = `UPDATE matters_v1 SET erased = true, title = '', description = '' WHERE id = $1`
)

// queueMatter queues an event that changes the matter's own row; false if
// d is none.
func queueMatter(b *pgx.Batch, d eventstore.Decoded, f fact) bool {
	head := []any{f.id, f.version, f.at}
	switch e := d.Event.(type) {
	case matter.MatterOpened:
		details := blankIf(f.erased, e.Details)
		b.Queue(openedSQL, append(head, e.Number, details.Title, details.Description, e.PracticeArea, e.ResponsibleLawyer, f.erased)...)
	case matter.MatterDetailsChanged:
		details := blankIf(f.erased, e.Details)
		b.Queue(detailsSQL, append(head, details.Title, details.Description, e.PracticeArea, f.erased)...)
	case matter.MatterDetailsRedacted:
		// The opening and changes before it replay with blank details
		// (their key is destroyed); this is the text from now on.
		details := blankIf(f.erased, e.Details)
		if !f.erased && len(e.Versions) == len(e.Reasons) {
			versions := make([]int64, len(e.Versions))
			for i, v := range e.Versions {
				versions[i] = int64(v)
			}
			b.Queue(redactedReasonsSQL, f.id, versions, e.Reasons, f.version)
		}
		b.Queue(redactedSQL, append(head, details.Title, details.Description)...)
	case matter.MatterActivated:
		b.Queue(activatedSQL, head...)
	case matter.MatterClosed:
		b.Queue(closedSQL, head...)
	case matter.MatterReopened:
		if e.Reason != "" && !f.erased {
			b.Queue(reasonSQL, f.id, f.version, e.Reason)
		}
		b.Queue(reopenedSQL, append(head, string(e.Status))...)
	case matter.MatterArchived:
		b.Queue(archivedSQL, head...)
	case matter.ResponsibleLawyerAssigned:
		b.Queue(responsibleSQL, append(head, e.StaffID)...)
	case matter.TeamChanged:
		b.Queue(teamSQL, append(head, list(e.Members), list(e.Teams))...)
	case matter.AccessGranted:
		b.Queue(grantedSQL, append(head, e.StaffID)...)
	case matter.AccessRevoked:
		b.Queue(revokedSQL, append(head, e.StaffID)...)
	default:
		return false
	}
	if f.erased {
		b.Queue(erasedSQL, f.id)
	}
	return true
}

func blankIf(erased bool, d matter.Details) matter.Details {
	if erased {
		return matter.Details{}
	}
	return d
}

// list is never nil: a text[] column holds '{}' for none.
func list(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
