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
	Version            uint64 // the matter's
}

// EachText hands fn every matter's title and description, then every
// note on a file, of the matters whose key still opens them (a matter is
// sealed for itself, never for a person, so none is the erased person's
// own). It streams: the caller keeps only what it finds.
func EachText(ctx context.Context, db DB, fn func(Text) error) error {
	rows, err := db.Query(ctx, `SELECT id, '', title, description, version FROM matters_v1 WHERE NOT erased
		UNION ALL
		SELECT n.matter_id, n.note_id, n.text, '', m.version FROM matters_v1_notes n JOIN matters_v1 m ON m.id = n.matter_id
		WHERE NOT m.erased AND n.text <> ''`)
	if err != nil {
		return fmt.Errorf("matters: texts: %w", err)
	}
	var t Text
	var version int64
	_, err = pgx.ForEachRow(rows, []any{&t.MatterID, &t.NoteID, &t.Title, &t.Description, &version}, func() error {
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
