package gdpr

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
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
	// EntryVersion and Spans say where the marks were in the entry's text
	// at that version (offsets, never words), for the redaction's
	// proposal; not part of the certificate's JSON.
	EntryVersion uint64 `json:"-"`
	Spans        []Span `json:"-"`
}

// Span is where in one field of an entry's text a mark was found.
type Span struct {
	Field string `json:"field"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Mark  string `json:"mark"`
}

// recordMentions files the mentions an opening found, unless the key is
// already destroyed (a retry then keeps what was found while it existed).
func (l Ledger) recordMentions(ctx context.Context, erasureID string, ms []Mention) error {
	for _, m := range ms {
		spans, _ := json.Marshal(nonNilSpans(m.Spans)) // offsets and names of marks: cannot fail
		_, err := l.db.Exec(ctx, `INSERT INTO gdpr_erasure_mentions (erasure_id, kind, entry_id, matter_id, marks,
				entry_version, spans)
			SELECT $1, $2, $3, $4, $5, $6, $7 FROM gdpr_erasure_certificates
			WHERE erasure_id = $1 AND key_destroyed_at IS NULL
			ON CONFLICT (erasure_id, entry_id) DO UPDATE SET marks = EXCLUDED.marks,
				entry_version = EXCLUDED.entry_version, spans = EXCLUDED.spans`,
			erasureID, m.Kind, m.EntryID, m.MatterID, m.Marks, int64(m.EntryVersion), string(spans))
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

const mentionColumns = `kind, entry_id, matter_id, marks, redacted_at, redacted_by, entry_version, spans`

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
	var version int64
	var spans []byte
	err := row.Scan(&m.Kind, &m.EntryID, &m.MatterID, &m.Marks, &at, &m.RedactedBy, &version, &spans)
	if err != nil {
		return m, err
	}
	m.RedactedAt, m.EntryVersion = orZero(at), uint64(version)
	return m, json.Unmarshal(spans, &m.Spans)
}

func nonNilSpans(s []Span) []Span {
	if s == nil {
		return []Span{}
	}
	return s
}

// FiledUnder maps each communication and task among ms to the contacts it
// is filed under now, read in one query from the communications and work
// read models (a merge may have moved them since the erasure), and each
// access-log purpose to the people read: what a certificate's walls are
// checked against. An entry gone from its read model, and a mention of
// another kind, is absent.
func FiledUnder(ctx context.Context, db DB, ms []Mention) (map[string][]string, error) {
	var comms, tasks []string
	var reads []int64
	for _, m := range ms {
		switch m.Kind {
		case "communication": // commands/gdpr's kinds
			comms = append(comms, m.EntryID)
		case "task":
			tasks = append(tasks, m.EntryID)
		case "access_purpose": // "access-<id>", accesslog.MentionEntry
			if id, err := strconv.ParseInt(strings.TrimPrefix(m.EntryID, "access-"), 10, 64); err == nil {
				reads = append(reads, id)
			}
		}
	}
	out := make(map[string][]string, len(comms)+len(tasks)+len(reads))
	if len(comms)+len(tasks)+len(reads) == 0 {
		return out, nil
	}
	rows, err := db.Query(ctx, `SELECT id, contact_ids FROM communications_v2 WHERE id = ANY($1)
		UNION ALL SELECT id, ARRAY[contact_id] FROM tasks_v1 WHERE id = ANY($2) AND contact_id <> ''
		UNION ALL SELECT 'access-' || id, subjects FROM access_log WHERE id = ANY($3)`, comms, tasks, reads)
	if err != nil {
		return nil, fmt.Errorf("gdpr: mentions' contacts: %w", err)
	}
	var id string
	var contacts []string
	_, err = pgx.ForEachRow(rows, []any{&id, &contacts}, func() error {
		out[id] = slices.Clone(contacts)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("gdpr: mentions' contacts: %w", err)
	}
	return out, nil
}
