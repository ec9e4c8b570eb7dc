package gdpr

import (
	"context"
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
	many, err := SubjectStates(ctx, db, []string{subjectID})
	return many[subjectID], err
}

// SurvivorState is SubjectState of a contact with the register entries of
// the contacts merged into it (absorbed, from contacts.Absorbed) after its
// own: one person registered twice gave their bases, consents and
// objections under either contact (issue 14). Those entries stay in the
// merged subject's stream, sealed with its key; the survivor's
// restriction and erasure are the survivor's own.
func SurvivorState(ctx context.Context, db DB, subjectID string, absorbed []string) (gdprdomain.SubjectState, error) {
	many, err := SubjectStates(ctx, db, append([]string{subjectID}, absorbed...))
	if err != nil {
		return gdprdomain.SubjectState{}, err
	}
	st := many[subjectID]
	for _, id := range absorbed {
		m := many[id]
		st.Bases = append(st.Bases, m.Bases...)
		st.Consents = append(st.Consents, m.Consents...)
		st.Objections = append(st.Objections, m.Objections...)
	}
	return st, nil
}

// Withheld are those of ids whom nothing may create again or fill in
// (an import): who objected to processing or to marketing (art. 21), is
// restricted (art. 18) or erased. db needs only Query, so a caller
// holding a narrower handle than DB (the import's) may ask it.
func Withheld(ctx context.Context, db interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.Query(ctx, `SELECT subject_id FROM gdpr_subjects_v1
		WHERE subject_id = ANY($1::text[]) AND (objected_processing OR objected_marketing OR restricted OR erased)`, ids)
	if err != nil {
		return nil, fmt.Errorf("gdpr: withheld: %w", err)
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("gdpr: withheld: %w", err)
	}
	for _, id := range found {
		out[id] = true
	}
	return out, nil
}

// SubjectStates is SubjectState for each of subjectIDs in four queries,
// not four per subject: retention weighs every contact, a page at a time.
func SubjectStates(ctx context.Context, db DB, subjectIDs []string) (map[string]gdprdomain.SubjectState, error) {
	out := make(map[string]gdprdomain.SubjectState, len(subjectIDs))
	for _, id := range subjectIDs {
		out[id] = gdprdomain.SubjectState{SubjectID: id}
	}
	err := scanSubjectRows(ctx, db, subjectIDs, out)
	if err == nil {
		err = forEachOf(ctx, db, basesSQL, subjectIDs, scanBasis, func(st *gdprdomain.SubjectState, b gdprdomain.BasisRecord) {
			st.Bases = append(st.Bases, b)
		}, out)
	}
	if err == nil {
		err = forEachOf(ctx, db, consentsSQL, subjectIDs, scanConsent, func(st *gdprdomain.SubjectState, c gdprdomain.ConsentRecord) {
			st.Consents = append(st.Consents, c)
		}, out)
	}
	if err == nil {
		err = forEachOf(ctx, db, objectionsSQL, subjectIDs, scanObjection, func(st *gdprdomain.SubjectState, o gdprdomain.ObjectionRecord) {
			st.Objections = append(st.Objections, o)
		}, out)
	}
	if err != nil {
		return nil, fmt.Errorf("gdpr: subject state: %w", err)
	}
	return out, nil
}

func scanSubjectRows(ctx context.Context, db DB, ids []string, out map[string]gdprdomain.SubjectState) error {
	rows, err := db.Query(ctx, `SELECT subject_id, restricted, restriction_request, restriction_reason,
		coalesce(restricted_until::text, ''), restricted_at, erased FROM gdpr_subjects_v1 WHERE subject_id = ANY($1)`, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, until string
		var since *time.Time
		var r gdprdomain.Restriction
		var erased bool
		if err := rows.Scan(&id, &r.Active, &r.RequestID, &r.Reason, &until, &since, &erased); err != nil {
			return err
		}
		r.Since = orZero(since)
		if r.Until, err = parseDate("restricted_until", until); err != nil {
			return err
		}
		st := out[id]
		st.Restriction, st.Erased = r, erased
		out[id] = st
	}
	return rows.Err()
}

// The register's lists, each row led by its subject, in the order each
// subject's list keeps.
const (
	basesSQL = `SELECT subject_id, basis_id, basis, purpose, note, recorded_by, recorded_at, ended_at, end_reason
		FROM gdpr_bases_v1 WHERE subject_id = ANY($1) ORDER BY subject_id, seq`
	consentsSQL = `SELECT subject_id, consent_id, purpose, scope, given_at, how, where_given, evidence, withdrawn_at, withdrawn_via
		FROM gdpr_consents_v1 WHERE subject_id = ANY($1) ORDER BY subject_id, seq`
	objectionsSQL = `SELECT subject_id, objected_to, reason, at FROM gdpr_objections_v1 WHERE subject_id = ANY($1) ORDER BY subject_id, seq`
)

func scanBasis(row pgx.CollectableRow, subject *string) (gdprdomain.BasisRecord, error) {
	var b gdprdomain.BasisRecord
	var ended *time.Time
	err := row.Scan(subject, &b.BasisID, &b.Basis, &b.Purpose, &b.Note, &b.RecordedBy, &b.RecordedAt, &ended, &b.EndReason)
	b.Ended, b.EndedAt = ended != nil, orZero(ended)
	return b, err
}

func scanConsent(row pgx.CollectableRow, subject *string) (gdprdomain.ConsentRecord, error) {
	var c gdprdomain.ConsentRecord
	var withdrawn *time.Time
	err := row.Scan(subject, &c.ConsentID, &c.Purpose, &c.Scope, &c.GivenAt, &c.How, &c.Where, &c.Evidence, &withdrawn, &c.Via)
	c.Withdrawn, c.WithdrawnAt = withdrawn != nil, orZero(withdrawn)
	return c, err
}

func scanObjection(row pgx.CollectableRow, subject *string) (gdprdomain.ObjectionRecord, error) {
	var o gdprdomain.ObjectionRecord
	err := row.Scan(subject, &o.To, &o.Reason, &o.At)
	return o, err
}

// forEachOf runs sql over ids and adds each row, scanned by scan, to its
// subject's state in out.
func forEachOf[T any](ctx context.Context, db DB, sql string, ids []string, scan func(pgx.CollectableRow, *string) (T, error),
	add func(*gdprdomain.SubjectState, T), out map[string]gdprdomain.SubjectState) error {
	rows, err := db.Query(ctx, sql, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var subject string
		v, err := scan(rows, &subject)
		if err != nil {
			return err
		}
		st := out[subject]
		add(&st, v)
		out[subject] = st
	}
	return rows.Err()
}

func orZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
