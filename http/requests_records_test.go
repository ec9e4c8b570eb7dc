package http

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/commands"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/audit"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/conflicts"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/documents"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/staff"
	workmodel "github.com/klient-crm/klient/projections/work"
)

// erasureRecords asks every read model where a subject's data is, as
// cmd/klient's subjectRecords does, for the executor's certificate and
// for the verification after it.
type erasureRecords struct{ pool *pgxpool.Pool }

// RowsOf counts, per read model, the rows holding the subject's data.
func (r erasureRecords) RowsOf(ctx context.Context, subject string) (map[string]int64, error) {
	counters := map[string]func(context.Context, string) (int64, error){
		"contacts":       func(ctx context.Context, s string) (int64, error) { return contacts.SubjectRows(ctx, r.pool, s) },
		"staff":          func(ctx context.Context, s string) (int64, error) { return staff.SubjectRows(ctx, r.pool, s) },
		"matters":        func(ctx context.Context, s string) (int64, error) { return matters.SubjectRows(ctx, r.pool, s) },
		"conflict_index": func(ctx context.Context, s string) (int64, error) { return conflicts.SubjectRows(ctx, r.pool, s) },
		"communications": func(ctx context.Context, s string) (int64, error) { return communications.SubjectRows(ctx, r.pool, s) },
		"documents":      func(ctx context.Context, s string) (int64, error) { return documents.SubjectRows(ctx, r.pool, s) },
		"work":           func(ctx context.Context, s string) (int64, error) { return workmodel.SubjectRows(ctx, r.pool, s) },
		"gdpr":           func(ctx context.Context, s string) (int64, error) { return gdprmodel.SubjectRows(ctx, r.pool, s) },
	}
	out := make(map[string]int64, len(counters))
	for name, count := range counters {
		n, err := count(ctx, subject)
		if err != nil {
			return nil, err
		}
		out[name] = n
	}
	return out, nil
}

// StreamsOf lists the streams the audit trail saw naming the subject.
func (r erasureRecords) StreamsOf(ctx context.Context, subject string) ([]string, error) {
	streams := []string{access.StaffStreamName(subject)}
	f := audit.Filter{Subject: subject, Limit: audit.MaxLimit}
	for {
		page, err := audit.Search(ctx, r.pool, f)
		if err != nil {
			return nil, err
		}
		for _, row := range page.Rows {
			streams = append(streams, row.Stream)
		}
		if page.Next.IsZero() {
			return streams, nil
		}
		f.After = page.Next
	}
}

// verify is the test's VerifyErasure: synchronous, so a test reads the
// verified certificate at once. Having no runtime to wait on, it counts
// the residue until every read model has blanked the subject (or 20
// seconds pass) and files the last count, zero or not.
func (r erasureRecords) verify(ctx context.Context, res commands.ErasureResult) {
	var residue map[string]int64
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(25 * time.Millisecond) {
		var err error
		if residue, err = r.RowsOf(ctx, res.SubjectID); err != nil {
			return
		}
		if residueTotal(residue) == 0 || time.Now().After(deadline) {
			break
		}
	}
	_ = gdprmodel.NewLedger(r.pool).Verify(ctx, res.RequestID, residue, time.Now())
}

func residueTotal(counts map[string]int64) (n int64) {
	for _, c := range counts {
		n += c
	}
	return n
}
