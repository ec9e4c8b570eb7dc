package gdpr

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/klient-crm/klient/domain"
	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// RetentionActor is the actor the retention runner's events and log lines
// name when no person ran it.
const RetentionActor = "retention"

// DeletionEntry is one deletion for the log. RecordID is stored only as
// its SubjectHash: the log is evidence that something went, and must not
// itself keep anyone's data.
type DeletionEntry struct {
	RecordID    string // the subject's or record's ID; "" for a batch
	Category    gdprdomain.Category
	Rule        gdprdomain.RetentionRule
	DueOn       work.Date // the first day it could go
	Records     int64     // 1 for a subject or a record; a batch's count
	TriggeredBy string    // RetentionActor, or the staff ID that ran the job
	ErasureID   string    // the erasure request that carried a person's erasure out
	DeletedAt   time.Time
}

// RecordDeletion writes e to the deletion log. A subject or record is
// logged once per category, so a retried run adds nothing.
func RecordDeletion(ctx context.Context, db DB, e DeletionEntry) error {
	pseudonym := ""
	if e.RecordID != "" {
		pseudonym = SubjectHash(e.RecordID)
	}
	_, err := db.Exec(ctx, `INSERT INTO gdpr_deletion_log (pseudonym, category, rule_period, rule_trigger, ground,
			due_on, records, triggered_by, erasure_id, deleted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (pseudonym, category) WHERE pseudonym <> '' DO NOTHING`,
		pseudonym, string(e.Category), ISOPeriod(e.Rule.Period), string(e.Rule.Trigger), e.Rule.Ground,
		dateArg(e.DueOn), max(e.Records, 0), e.TriggeredBy, e.ErasureID, e.DeletedAt)
	if err != nil {
		return domain.Internal(fmt.Errorf("gdpr: deletion log: %w", err))
	}
	return nil
}

// ISOPeriod writes p as an ISO 8601 duration ("P2Y", "P1Y6M", "P30D"): a
// form auditors' tools read, and free of the firm's language.
func ISOPeriod(p gdprdomain.Period) string {
	out := "P"
	for _, part := range []struct {
		n    int
		unit string
	}{{p.Years, "Y"}, {p.Months, "M"}, {p.Days, "D"}} {
		if part.n != 0 {
			out += strconv.Itoa(part.n) + part.unit
		}
	}
	if out == "P" {
		return "P0D"
	}
	return out
}
