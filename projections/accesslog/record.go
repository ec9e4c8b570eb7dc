package accesslog

import (
	"context"
	"fmt"
	"strings"

	"github.com/klient-crm/klient/domain"
)

// Record appends e to the log. Repeated subjects are written once. Pass
// the caller's transaction as db when the access and the entry must stand
// or fall together (an export); pass the pool otherwise.
func Record(ctx context.Context, db DB, e Entry) error {
	if err := e.validate(); err != nil {
		return err
	}
	var at any // nil: the database's clock, the same for every instance
	if !e.At.IsZero() {
		at = e.At
	}
	_, err := db.Exec(ctx, `INSERT INTO access_log (at, staff_id, subjects, route, action, purpose, correlation_id, via, refused)
		VALUES (coalesce($1::timestamptz, now()), $2, $3, $4, $5, nullif($6, ''), $7, $8, $9)`,
		at, e.StaffID, unique(e.Subjects), e.Route, string(e.Action), strings.TrimSpace(e.Purpose),
		e.CorrelationID, string(e.Via), e.Refused)
	if err != nil {
		return domain.Internal(fmt.Errorf("accesslog: record: %w", err))
	}
	return nil
}

// unique keeps the first of each subject, in order.
func unique(subjects []string) []string {
	seen := make(map[string]bool, len(subjects))
	out := make([]string, 0, len(subjects))
	for _, s := range subjects {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
