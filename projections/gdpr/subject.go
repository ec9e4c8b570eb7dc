package gdpr

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
)

// SubjectState returns what the register holds on subjectID: lawful bases,
// the full consent history and objections (oldest first), the current
// restriction and whether the subject is erased (sealed fields then
// blank). A subject with nothing recorded yields an empty state. Pass it
// to gdprdomain.MayMarket or Restricted for the policy.
func SubjectState(ctx context.Context, db DB, subjectID string) (gdprdomain.SubjectState, error) {
	st := gdprdomain.SubjectState{SubjectID: subjectID}
	err := scanSubjectRow(ctx, db, &st)
	if err == nil {
		st.Bases, err = queryList(ctx, db, basesSQL, subjectID, scanBasis)
	}
	if err == nil {
		st.Consents, err = queryList(ctx, db, consentsSQL, subjectID, scanConsent)
	}
	if err == nil {
		st.Objections, err = queryList(ctx, db, objectionsSQL, subjectID, scanObjection)
	}
	if err != nil {
		return gdprdomain.SubjectState{}, fmt.Errorf("gdpr: subject state: %w", err)
	}
	return st, nil
}

func scanSubjectRow(ctx context.Context, db DB, st *gdprdomain.SubjectState) error {
	var until string
	var since *time.Time
	r := &st.Restriction
	err := db.QueryRow(ctx, `SELECT restricted, restriction_request, restriction_reason,
		coalesce(restricted_until::text, ''), restricted_at, erased FROM gdpr_subjects_v1 WHERE subject_id = $1`,
		st.SubjectID).Scan(&r.Active, &r.RequestID, &r.Reason, &until, &since, &st.Erased)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	r.Since = orZero(since)
	r.Until, err = parseDate("restricted_until", until)
	return err
}

const (
	basesSQL = `SELECT basis_id, basis, purpose, note, recorded_by, recorded_at, ended_at, end_reason
		FROM gdpr_bases_v1 WHERE subject_id = $1 ORDER BY seq`
	consentsSQL = `SELECT consent_id, purpose, scope, given_at, how, where_given, evidence, withdrawn_at, withdrawn_via
		FROM gdpr_consents_v1 WHERE subject_id = $1 ORDER BY seq`
	objectionsSQL = `SELECT objected_to, reason, at FROM gdpr_objections_v1 WHERE subject_id = $1 ORDER BY seq`
)

func scanBasis(row pgx.CollectableRow) (gdprdomain.BasisRecord, error) {
	var b gdprdomain.BasisRecord
	var ended *time.Time
	err := row.Scan(&b.BasisID, &b.Basis, &b.Purpose, &b.Note, &b.RecordedBy, &b.RecordedAt, &ended, &b.EndReason)
	b.Ended, b.EndedAt = ended != nil, orZero(ended)
	return b, err
}

func scanConsent(row pgx.CollectableRow) (gdprdomain.ConsentRecord, error) {
	var c gdprdomain.ConsentRecord
	var withdrawn *time.Time
	err := row.Scan(&c.ConsentID, &c.Purpose, &c.Scope, &c.GivenAt, &c.How, &c.Where, &c.Evidence, &withdrawn, &c.Via)
	c.Withdrawn, c.WithdrawnAt = withdrawn != nil, orZero(withdrawn)
	return c, err
}

func scanObjection(row pgx.CollectableRow) (gdprdomain.ObjectionRecord, error) {
	var o gdprdomain.ObjectionRecord
	err := row.Scan(&o.To, &o.Reason, &o.At)
	return o, err
}

// queryList runs sql with args and scans every row with scan.
func queryList[T any](ctx context.Context, db DB, sql string, arg any, scan pgx.RowToFunc[T]) ([]T, error) {
	rows, err := db.Query(ctx, sql, arg)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, scan)
}

func orZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
