package communications

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Text is one entry's free text as an erasure's search for mentions reads
// it (docs/gdpr.md, "Mentions in other matters").
type Text struct {
	ID, MatterID, Kind string
	SubjectLine, Body  string
	Version            uint64
}

// EachText hands fn the text of every entry not sealed for except (the
// person being erased: their own entries go with their key) that still
// holds text, deleted entries too (their text is kept). It streams: the
// caller keeps only what it finds.
func EachText(ctx context.Context, db DB, except string, fn func(Text) error) error {
	rows, err := db.Query(ctx, `SELECT id, matter_id, kind, subject, body, version FROM communications_v2
		WHERE data_subject <> $1 AND NOT erased AND (subject <> '' OR body <> '')`, except)
	if err != nil {
		return fmt.Errorf("communications: texts: %w", err)
	}
	var t Text
	_, err = pgx.ForEachRow(rows, []any{&t.ID, &t.MatterID, &t.Kind, &t.SubjectLine, &t.Body, &t.Version}, func() error { return fn(t) })
	if err != nil {
		return fmt.Errorf("communications: texts: %w", err)
	}
	return nil
}
