package matters

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
)

// Text is one of a matter's own free texts as an erasure's search for
// mentions reads it (docs/gdpr.md, "Mentions in other matters"): the
// matter's title and description (NoteID empty), or one note on its file
// (Title the note's text).
type Text struct {
	MatterID, NoteID   string
	Title, Description string
	Reasons            []string // why the matter was reopened, oldest first (none for a note)
	Version            uint64   // the matter's
}

// EachText hands fn every matter's title and description, then every
// note on a file, of the matters whose key still opens them (a matter is
// sealed for itself, never for a person, so none is the erased person's
// own). It streams: the caller keeps only what it finds.
func EachText(ctx context.Context, db DB, fn func(Text) error) error {
	rows, err := db.Query(ctx, `SELECT m.id, '', m.title, m.description, m.version,
			coalesce((SELECT array_agg(r.reason ORDER BY r.version) FROM matters_v1_reasons r WHERE r.matter_id = m.id), '{}')
		FROM matters_v1 m WHERE NOT m.erased
		UNION ALL
		SELECT n.matter_id, n.note_id, n.text, '', m.version, '{}'::text[] FROM matters_v1_notes n JOIN matters_v1 m ON m.id = n.matter_id
		WHERE NOT m.erased AND n.text <> ''`)
	if err != nil {
		return fmt.Errorf("matters: texts: %w", err)
	}
	var t Text
	var version int64
	_, err = pgx.ForEachRow(rows, []any{&t.MatterID, &t.NoteID, &t.Title, &t.Description, &version, &t.Reasons}, func() error {
		t.Version = uint64(version)
		return fn(t)
	})
	if err != nil {
		return fmt.Errorf("matters: texts: %w", err)
	}
	return nil
}

// NoteEntry is one note as a mention's page reads it: its text, the
// matter's version (what a redaction is decided at) and whether the
// matter's key is gone.
type NoteEntry struct {
	MatterID, NoteID, Text string
	Version                uint64
	Erased                 bool
}

// NoteOf reads note noteID of matter matterID; an unknown one is a
// KindNotFound error.
func NoteOf(ctx context.Context, db DB, matterID, noteID string) (NoteEntry, error) {
	n := NoteEntry{MatterID: matterID, NoteID: noteID}
	var version int64
	err := db.QueryRow(ctx, `SELECT n.text, m.version, m.erased FROM matters_v1_notes n JOIN matters_v1 m ON m.id = n.matter_id
		WHERE n.matter_id = $1 AND n.note_id = $2`, matterID, noteID).Scan(&n.Text, &version, &n.Erased)
	if errors.Is(err, pgx.ErrNoRows) {
		return n, domain.NotFound("the matter has no such note").WithCode("matter.note.not_found")
	}
	if err != nil {
		return n, fmt.Errorf("matters: note: %w", err)
	}
	n.Version = uint64(version)
	return n, nil
}

// ReopenReasons reads why matter id was reopened, oldest first, blank ones
// (a redaction's) included: the reasons a redaction of its details
// restates.
func ReopenReasons(ctx context.Context, db DB, id string) ([]string, error) {
	var reasons []string
	err := db.QueryRow(ctx, `SELECT coalesce(array_agg(reason ORDER BY version), '{}') FROM matters_v1_reasons WHERE matter_id = $1`,
		id).Scan(&reasons)
	if err != nil {
		return nil, fmt.Errorf("matters: reopening reasons: %w", err)
	}
	return reasons, nil
}
