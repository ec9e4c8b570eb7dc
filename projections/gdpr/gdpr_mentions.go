package gdpr

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
)

// Mention is one entry of the firm's other records whose free text named
// an erased person when the erasure ran (docs/gdpr.md, "Mentions in other
// matters"): where it is, what named them, and whether it was redacted.
// Never the text.
type Mention struct {
	Kind       string    `json:"kind"` // communication | task
	EntryID    string    `json:"entry_id"`
	MatterID   string    `json:"matter_id,omitempty"`
	Marks      []string  `json:"marks"` // name | number | email | phone
	RedactedAt time.Time `json:"redacted_at,omitzero"`
	RedactedBy string    `json:"redacted_by,omitempty"`
}

// recordMentions files the mentions an opening found, unless the key is
// already destroyed (a retry then keeps what was found while it existed).
func (l Ledger) recordMentions(ctx context.Context, erasureID string, ms []Mention) error {
	for _, m := range ms {
		_, err := l.db.Exec(ctx, `INSERT INTO gdpr_erasure_mentions (erasure_id, kind, entry_id, matter_id, marks)
			SELECT $1, $2, $3, $4, $5 FROM gdpr_erasure_certificates
			WHERE erasure_id = $1 AND key_destroyed_at IS NULL
			ON CONFLICT (erasure_id, entry_id) DO UPDATE SET marks = EXCLUDED.marks`,
			erasureID, m.Kind, m.EntryID, m.MatterID, m.Marks)
		if err != nil {
			return err
		}
	}
	return nil
}

// MentionRedacted records that the entry's text was redacted, on every
// erasure that listed it; the first redaction's time and author stay.
func (l Ledger) MentionRedacted(ctx context.Context, entryID, by string, at time.Time) error {
	_, err := l.db.Exec(ctx, `UPDATE gdpr_erasure_mentions SET redacted_at = $3, redacted_by = $2
		WHERE entry_id = $1 AND redacted_at IS NULL`, entryID, by, at)
	return ledgerError("mention redacted", err)
}

const mentionColumns = `kind, entry_id, matter_id, marks, redacted_at, redacted_by`

// Mentions lists the mentions erasure erasureID found, by kind and entry.
func Mentions(ctx context.Context, db DB, erasureID string) ([]Mention, error) {
	rows, err := db.Query(ctx, `SELECT `+mentionColumns+` FROM gdpr_erasure_mentions
		WHERE erasure_id = $1 ORDER BY matter_id, kind, entry_id`, erasureID)
	if err != nil {
		return nil, fmt.Errorf("gdpr: mentions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Mention, error) { return scanMention(r) })
	if err != nil {
		return nil, fmt.Errorf("gdpr: mentions: %w", err)
	}
	return out, nil
}

// MentionIn is erasure erasureID's mention of entry entryID; one it did
// not find is a KindNotFound error, code gdpr.mention.not_found.
func MentionIn(ctx context.Context, db DB, erasureID, entryID string) (Mention, error) {
	m, err := scanMention(db.QueryRow(ctx, `SELECT `+mentionColumns+` FROM gdpr_erasure_mentions
		WHERE erasure_id = $1 AND entry_id = $2`, erasureID, entryID))
	if errors.Is(err, pgx.ErrNoRows) {
		return Mention{}, domain.NotFound("the erasure found no such mention").WithCode("gdpr.mention.not_found")
	}
	if err != nil {
		return Mention{}, fmt.Errorf("gdpr: mention: %w", err)
	}
	return m, nil
}

func scanMention(row pgx.Row) (Mention, error) {
	var m Mention
	var at *time.Time
	err := row.Scan(&m.Kind, &m.EntryID, &m.MatterID, &m.Marks, &at, &m.RedactedBy)
	m.RedactedAt = orZero(at)
	return m, err
}
