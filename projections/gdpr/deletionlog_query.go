package gdpr

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/work"
)

// CategoryErasure names, in the deletion log, an erasure known only from
// its certificate: one the executor carried out at the subject's request
// (or a retention erasure whose log line a crash kept from being written).
const CategoryErasure = "erasure"

// Deletion is one line of the deletion log. It holds no personal data.
type Deletion struct {
	ID          int64     `json:"id,omitempty"` // 0 for a line taken from an erasure certificate
	Pseudonym   string    `json:"pseudonym"`    // SubjectHash of the ID; "" for a batch
	Category    string    `json:"category"`     // a retention category, or CategoryErasure
	RulePeriod  string    `json:"rule_period,omitempty"`
	RuleTrigger string    `json:"rule_trigger,omitempty"`
	Ground      string    `json:"ground"`
	DueOn       work.Date `json:"due_on,omitzero"`
	Records     int64     `json:"records"`
	TriggeredBy string    `json:"triggered_by"` // RetentionActor or a staff ID
	ErasureID   string    `json:"erasure_id,omitempty"`
	DeletedAt   time.Time `json:"deleted_at"`
}

// DeletionFilter narrows and pages DeletionLog. Empty fields do not
// filter; the window is half-open (From <= deleted_at < To).
type DeletionFilter struct {
	Category  string
	Pseudonym string // SubjectHash(id): "was this person deleted, and when?"
	From, To  time.Time
	Limit     int // default 50, at most 500
	Offset    int
}

// deletionSQL is the log with every finished erasure whose certificate no
// log line names, so the DPO reads one list of everything that went.
const deletionSQL = `WITH lines AS (
	SELECT id, pseudonym, category, rule_period, rule_trigger, ground, coalesce(due_on::text, '') AS due_on,
		records, triggered_by, erasure_id, deleted_at FROM gdpr_deletion_log
	UNION ALL
	SELECT 0, c.subject_hash, '` + CategoryErasure + `', '', '',
		CASE WHEN c.executed_by = '` + RetentionActor + `' THEN 'Gallring enligt byråns lagringsregler (se raderingsintyget)'
			ELSE 'Dataskyddsförordningen art. 17: radering på den registrerades begäran' END,
		'', 1, coalesce(nullif(c.executed_by, ''), c.approved_by), c.erasure_id, c.erased_at
	FROM gdpr_erasure_certificates c
	WHERE c.erased_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM gdpr_deletion_log l WHERE l.erasure_id = c.erasure_id))
SELECT id, pseudonym, category, rule_period, rule_trigger, ground, due_on, records, triggered_by, erasure_id,
	deleted_at FROM lines
WHERE ($1 = '' OR category = $1) AND ($2 = '' OR pseudonym = $2)
	AND ($3::timestamptz IS NULL OR deleted_at >= $3) AND ($4::timestamptz IS NULL OR deleted_at < $4)
ORDER BY deleted_at DESC, id DESC, erasure_id LIMIT $5 OFFSET $6`

// DeletionLog lists the deletion log, newest first, as f narrows it.
func DeletionLog(ctx context.Context, db DB, f DeletionFilter) ([]Deletion, error) {
	limit, offset := Filter{Limit: f.Limit, Offset: f.Offset}.page()
	rows, err := db.Query(ctx, deletionSQL, f.Category, f.Pseudonym, timeArg(f.From), timeArg(f.To), limit, offset)
	if err != nil {
		return nil, fmt.Errorf("gdpr: deletion log: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanDeletion)
	if err != nil {
		return nil, fmt.Errorf("gdpr: deletion log: %w", err)
	}
	return out, nil
}

func scanDeletion(row pgx.CollectableRow) (Deletion, error) {
	var d Deletion
	var due string
	err := row.Scan(&d.ID, &d.Pseudonym, &d.Category, &d.RulePeriod, &d.RuleTrigger, &d.Ground, &due, &d.Records,
		&d.TriggeredBy, &d.ErasureID, &d.DeletedAt)
	if err != nil {
		return d, err
	}
	d.DueOn, err = parseDate("due_on", due)
	return d, err
}

// timeArg is t as a query argument: NULL for the zero time.
func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
