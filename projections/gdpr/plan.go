package gdpr

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// plan gathers one batch's statements. A subject-stream event applies only
// when newer than the version the subject's row (or this batch) has seen;
// request events are guarded in SQL by the request row's version.
type plan struct {
	batch   *pgx.Batch
	seen    map[string]int64     // subject ID → last subject-stream version applied
	touched []string             // subjects whose version and may_market to update, in first-touch order
	latest  map[string]time.Time // subject ID → time of its latest event in the batch
}

// fact is what every statement needs of an event besides its payload.
type fact struct {
	version int64
	at      time.Time
	actor   string
	erased  bool
}

func factOf(d eventstore.Decoded, subject string) fact {
	at := d.Metadata.OccurredAt
	if at.IsZero() {
		at = d.RecordedAt
	}
	return fact{version: int64(d.Version), at: at, actor: d.Metadata.Actor, erased: d.IsErased(subject)}
}

// add queues the statements of one event.
func (p *plan) add(d eventstore.Decoded) error {
	if queueRequest(p.batch, d) {
		return nil
	}
	subject, ok := subjectOf(d.Event)
	if !ok {
		return fmt.Errorf("gdpr: no projection for event type %s", d.Type)
	}
	f := factOf(d, subject)
	if e, ok := d.Event.(gdprdomain.SubjectErased); ok {
		p.touch(subject, f)
		queueSubjectErased(p.batch, e, f)
		queueCertificate(p.batch, e, f)
		return nil
	}
	if f.version <= p.seen[subject] {
		return nil // applied before: a replay
	}
	p.seen[subject] = f.version
	p.touch(subject, f)
	queueSubjectEvent(p.batch, d.Event, f)
	if f.erased {
		p.batch.Queue(markErasedSQL, subject, f.at)
	}
	return nil
}

const ensureSubjectSQL = `INSERT INTO gdpr_subjects_v1 (subject_id, updated_at) VALUES ($1, $2)
	ON CONFLICT (subject_id) DO NOTHING`

// touch makes sure subject's row exists before its first statement.
func (p *plan) touch(subject string, f fact) {
	if p.latest == nil {
		p.latest = map[string]time.Time{}
	}
	last, touched := p.latest[subject]
	if !touched {
		p.touched = append(p.touched, subject)
		p.batch.Queue(ensureSubjectSQL, subject, f.at)
	}
	if !touched || f.at.After(last) {
		p.latest[subject] = f.at
	}
}

// settleSQL records the version reached and recomputes may_market, the
// SQL twin of gdpr.MayMarket (a test holds them equal).
const settleSQL = `UPDATE gdpr_subjects_v1 s SET version = greatest(s.version, $2), updated_at = greatest(s.updated_at, $3),
	may_market = NOT s.erased AND NOT s.restricted AND NOT s.objected_marketing AND NOT s.objected_processing
		AND EXISTS (SELECT 1 FROM gdpr_consents_v1 c WHERE c.subject_id = s.subject_id AND c.purpose = $4 AND c.withdrawn_at IS NULL)
	WHERE s.subject_id = $1`

func (p *plan) finish() {
	for _, s := range p.touched {
		p.batch.Queue(settleSQL, s, p.seen[s], p.latest[s], gdprdomain.PurposeMarketing)
	}
}

// loadSubjectVersions reads the stream versions of the subjects in
// events; a subject without a row starts at -1.
func loadSubjectVersions(ctx context.Context, tx pgx.Tx, events []eventstore.Decoded) (map[string]int64, error) {
	seen := map[string]int64{}
	var ids []string
	for _, d := range events {
		if s, ok := subjectOf(d.Event); ok && seen[s] == 0 {
			seen[s] = -1
			ids = append(ids, s)
		}
	}
	rows, err := tx.Query(ctx, `SELECT subject_id, version FROM gdpr_subjects_v1 WHERE subject_id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var v int64
		if err := rows.Scan(&id, &v); err != nil {
			return nil, err
		}
		seen[id] = v
	}
	return seen, rows.Err()
}
