package subjectexport

import (
	"context"

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

// Records asks every read model where a subject's data is: the erasure
// executor's census for the certificate, and the check after it that
// nothing is left. It is the commands' SubjectRecords port.
type Records struct{ db DB }

// NewRecords returns the census over db (a *pgxpool.Pool).
func NewRecords(db DB) Records { return Records{db: db} }

// RowsOf counts, per read model, the rows holding the subject's data.
func (r Records) RowsOf(ctx context.Context, subject string) (map[string]int64, error) {
	counters := map[string]func(context.Context, DB, string) (int64, error){
		"contacts":       func(ctx context.Context, db DB, s string) (int64, error) { return contacts.SubjectRows(ctx, db, s) },
		"staff":          func(ctx context.Context, db DB, s string) (int64, error) { return staff.SubjectRows(ctx, db, s) },
		"matters":        func(ctx context.Context, db DB, s string) (int64, error) { return matters.SubjectRows(ctx, db, s) },
		"conflict_index": func(ctx context.Context, db DB, s string) (int64, error) { return conflicts.SubjectRows(ctx, db, s) },
		"communications": func(ctx context.Context, db DB, s string) (int64, error) {
			return communications.SubjectRows(ctx, db, s)
		},
		"documents": func(ctx context.Context, db DB, s string) (int64, error) { return documents.SubjectRows(ctx, db, s) },
		"work":      func(ctx context.Context, db DB, s string) (int64, error) { return workmodel.SubjectRows(ctx, db, s) },
		"gdpr":      func(ctx context.Context, db DB, s string) (int64, error) { return gdprmodel.SubjectRows(ctx, db, s) },
	}
	out := make(map[string]int64, len(counters))
	for name, count := range counters {
		n, err := count(ctx, r.db, subject)
		if err != nil {
			return nil, err
		}
		out[name] = n
	}
	return out, nil
}

// StreamsOf lists every stream the audit trail saw an event of that names
// the subject, and their staff stream.
func (r Records) StreamsOf(ctx context.Context, subject string) ([]string, error) {
	streams := []string{access.StaffStreamName(subject)}
	f := audit.Filter{Subject: subject, Limit: audit.MaxLimit}
	for {
		page, err := audit.Search(ctx, r.db, f)
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

// Total sums a census: zero once an erasure is complete.
func Total(rows map[string]int64) (n int64) {
	for _, c := range rows {
		n += c
	}
	return n
}
