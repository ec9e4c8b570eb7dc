package gdpr

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
)

// Ledger writes erasure certificates for the erasure executor and its
// verification; the projector adds SubjectErased's facts.
type Ledger struct{ db DB }

// NewLedger returns the Ledger over db (a *pgxpool.Pool).
func NewLedger(db DB) Ledger { return Ledger{db: db} }

// Opening is what the executor counted before it destroyed anything.
type Opening struct {
	ErasureID        string
	SubjectID        string // stored only as SubjectHash
	ExecutedBy       string
	StartedAt        time.Time
	EventsUnreadable map[string]int64 // stream → events sealed with the subject's key
	RowsErased       map[string]int64 // read model → rows holding their data
	Documents        int64
	HeldMail         int64     // held incoming e-mail about to be destroyed
	Mentions         []Mention // found in other records; only where and what kind of mark
}

// Open records o. Until the key is destroyed a retry counts afresh; after
// that the counts stay as they were when it still existed. The held mail
// keeps its highest count: it is destroyed before the key, so a retry
// between the two finds none left.
func (l Ledger) Open(ctx context.Context, o Opening) error {
	events, _ := json.Marshal(masked(o.EventsUnreadable, o.SubjectID)) // maps of counts: cannot fail
	rows, _ := json.Marshal(o.RowsErased)
	_, err := l.db.Exec(ctx, `INSERT INTO gdpr_erasure_certificates (erasure_id, subject_hash, executed_by,
			started_at, events_unreadable, rows_erased, documents_deleted, held_mail_destroyed)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (erasure_id) DO UPDATE SET executed_by = EXCLUDED.executed_by,
			events_unreadable = EXCLUDED.events_unreadable, rows_erased = EXCLUDED.rows_erased,
			documents_deleted = EXCLUDED.documents_deleted,
			held_mail_destroyed = greatest(gdpr_erasure_certificates.held_mail_destroyed, EXCLUDED.held_mail_destroyed)
		WHERE gdpr_erasure_certificates.key_destroyed_at IS NULL`,
		o.ErasureID, SubjectHash(o.SubjectID), o.ExecutedBy, o.StartedAt, string(events), string(rows), o.Documents, o.HeldMail)
	if err == nil {
		err = l.recordMentions(ctx, o.ErasureID, o.Mentions)
	}
	return ledgerError("open", err)
}

// KeyDestroyed records the key's tombstone; the first one stays.
func (l Ledger) KeyDestroyed(ctx context.Context, erasureID string, k KeyDestruction) error {
	_, err := l.db.Exec(ctx, `UPDATE gdpr_erasure_certificates SET key_fingerprint = $2, key_id = $3,
		key_destroyed_at = $4 WHERE erasure_id = $1 AND key_destroyed_at IS NULL`,
		erasureID, k.Fingerprint, int64(k.KeyID), k.DestroyedAt)
	return ledgerError("key destroyed", err)
}

// Verify records the rows still holding the subject's data, per read
// model, counted at once after every projector applied the erasure.
func (l Ledger) Verify(ctx context.Context, erasureID string, residue map[string]int64, at time.Time) error {
	rows, _ := json.Marshal(residue)
	_, err := l.db.Exec(ctx, `UPDATE gdpr_erasure_certificates SET residual_rows = $2, verified_at = $3
		WHERE erasure_id = $1`, erasureID, string(rows), at)
	return ledgerError("verify", err)
}

// certificateSQL fills in SubjectErased, inserting the row if no executor
// opened it (the event is the evidence that counts).
const certificateSQL = `INSERT INTO gdpr_erasure_certificates (erasure_id, subject_hash, approved_by, started_at,
		key_fingerprint, erased_at) VALUES ($1, $2, $3, $4, $5, $4)
	ON CONFLICT (erasure_id) DO UPDATE SET approved_by = EXCLUDED.approved_by, erased_at = EXCLUDED.erased_at,
		key_fingerprint = CASE WHEN gdpr_erasure_certificates.key_fingerprint = ''
			THEN EXCLUDED.key_fingerprint ELSE gdpr_erasure_certificates.key_fingerprint END`

func queueCertificate(b *pgx.Batch, e gdprdomain.SubjectErased, f fact) {
	at := e.ErasedAt
	if at.IsZero() {
		at = f.at
	}
	b.Queue(certificateSQL, e.RequestID, SubjectHash(e.SubjectID), e.ApprovedBy, at, e.KeyTombstone)
}

// masked names streams without the subject's ID in them.
func masked(streams map[string]int64, subjectID string) map[string]int64 {
	out := make(map[string]int64, len(streams))
	for name, n := range streams {
		if subjectID != "" {
			name = strings.ReplaceAll(name, subjectID, "{subject}")
		}
		out[name] += n
	}
	return out
}

func ledgerError(step string, err error) error {
	if err != nil {
		return domain.Internal(fmt.Errorf("gdpr: erasure certificate, %s: %w", step, err))
	}
	return nil
}
