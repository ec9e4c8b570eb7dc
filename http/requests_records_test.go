package http_test

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/projections"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// verifyErasure is the test's VerifyErasure: synchronous, so a test reads
// the verified certificate at once. Having no runtime to wait on, it
// counts the residue until every read model has blanked the subject (or
// 20 seconds pass) and files the last count, zero or not.
func verifyErasure(pool *pgxpool.Pool, rt *projections.Runtime) func(context.Context, gdprcmd.ErasureResult) {
	records := subjectexport.NewRecords(pool, rt.Residue)
	return func(ctx context.Context, res gdprcmd.ErasureResult) {
		var residue map[string]int64
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(25 * time.Millisecond) {
			var err error
			if residue, err = records.RowsOf(ctx, res.SubjectID); err != nil {
				return
			}
			if subjectexport.Total(residue) == 0 || time.Now().After(deadline) {
				break
			}
		}
		_ = gdprmodel.NewLedger(pool).Verify(ctx, res.RequestID, residue, time.Now())
	}
}
