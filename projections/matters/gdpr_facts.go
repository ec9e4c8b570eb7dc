package matters

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/gdpr"
)

// SubjectFacts answers what the retention rules run from about one data
// subject: every matter they are, or ever were, a party to. It implements
// the commands' SubjectFacts port for RequestErasure.
type SubjectFacts struct{ db FactsDB }

// FactsDB is what SubjectFacts reads through: a *pgxpool.Pool.
type FactsDB interface {
	DB
	Begin(ctx context.Context) (pgx.Tx, error)
}

// NewSubjectFacts returns the port over db (a *pgxpool.Pool).
func NewSubjectFacts(db FactsDB) SubjectFacts { return SubjectFacts{db: db} }

// factsSQL finds the matters from the current parties and from the history,
// so a party removed from a matter is still held by its file (the file
// keeps what it recorded of them). A client in any role the matter gave
// them counts as one; a matter closed then archived ends at its closing,
// one archived straight from intake at its archiving. Erased matters hold
// nothing. It answers for every subject of $1 at once: retention asks for
// every contact, a page at a time.
const factsSQL = `SELECT x.contact_id, m.id, bool_or(x.role IN ('client', 'co_client')),
		CASE WHEN m.status IN ('closed', 'archived') THEN coalesce(m.closed_at, m.archived_at) END
	FROM (SELECT contact_id, matter_id, role FROM matters_v1_parties WHERE contact_id = ANY($1)
		UNION ALL SELECT summary->>'contact_id', matter_id, summary->>'role' FROM matters_v1_history
		WHERE summary->>'contact_id' = ANY($1) AND type IN ('matter.PartyAdded', 'matter.PartyRoleChanged')) x
	JOIN matters_v1 m ON m.id = x.matter_id
	WHERE NOT m.erased
	GROUP BY x.contact_id, m.id, m.status, m.closed_at, m.archived_at
	ORDER BY x.contact_id, m.id`

// FactsOf lists subjectID's matters with whether they were a client and
// when each closed (zero while it is in intake or open). Bookkeeping
// (registration, last activity, basis) is the caller's to add.
func (f SubjectFacts) FactsOf(ctx context.Context, subjectID string) (gdpr.SubjectFacts, error) {
	many, err := f.FactsOfMany(ctx, []string{subjectID})
	if err != nil {
		return gdpr.SubjectFacts{}, err
	}
	return many[subjectID], nil
}

// FactsOfMany is FactsOf for each of subjectIDs, in one query; every ID
// has an entry, with no matters if it has none.
func (f SubjectFacts) FactsOfMany(ctx context.Context, subjectIDs []string) (map[string]gdpr.SubjectFacts, error) {
	out := make(map[string]gdpr.SubjectFacts, len(subjectIDs))
	for _, id := range subjectIDs {
		out[id] = gdpr.SubjectFacts{SubjectID: id}
	}
	err := pgx.BeginFunc(ctx, f.db, func(tx pgx.Tx) error {
		// As a prepared statement the plan guesses hundreds of matters per
		// person and starts parallel workers, which cost 19 ms a call where
		// the indexes answer in 0.2.
		if _, err := tx.Exec(ctx, `SET LOCAL max_parallel_workers_per_gather = 0`); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, factsSQL, subjectIDs)
		if err != nil {
			return err
		}
		var subject string
		var m gdpr.MatterFact
		var closed *time.Time
		_, err = pgx.ForEachRow(rows, []any{&subject, &m.MatterID, &m.Client, &closed}, func() error {
			facts := out[subject]
			facts.Matters = append(facts.Matters, gdpr.MatterFact{MatterID: m.MatterID, Client: m.Client, ClosedAt: orZero(closed)})
			out[subject] = facts
			return nil
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("matters: facts of a subject: %w", err)
	}
	return out, nil
}
