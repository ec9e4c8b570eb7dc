package subjectexport

import (
	"context"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/audit"
)

// Records tells where a subject's data is: the erasure executor's census
// for the certificate, and the check after it that nothing is left. It is
// the commands' SubjectRecords port. The rows come from the read models'
// own declarations of what they hold (projections.Runtime.Residue, handed
// in as residue), not from a list kept here that a new read model could
// be missing from.
type Records struct {
	db      DB
	residue func(ctx context.Context, subject string) (map[string]int64, error)
}

// NewRecords returns the census over db (a *pgxpool.Pool), counting rows
// with residue.
func NewRecords(db DB, residue func(ctx context.Context, subject string) (map[string]int64, error)) Records {
	return Records{db: db, residue: residue}
}

// RowsOf counts, per read model, the rows holding the subject's data.
func (r Records) RowsOf(ctx context.Context, subject string) (map[string]int64, error) {
	return r.residue(ctx, subject)
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
