package matter

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// RedactMatterNote replaces a note's text with a corrected text under a
// new entry key and destroys the key of the text it replaces (docs/
// gdpr.md, "Mentions in other matters"). Who may redact is the edge's to
// check.
type RedactMatterNote struct {
	Actor           journal.Actor
	MatterID        string
	NoteID          string
	ExpectedVersion uint64
	Text            string
}

// RedactNoteHandler handles RedactMatterNote.
type RedactNoteHandler struct {
	matters *Matters
	keys    journal.KeyShredder
}

// NewRedactNoteHandler returns the handler.
func NewRedactNoteHandler(matters *Matters, keys journal.KeyShredder) (*RedactNoteHandler, error) {
	if err := requireMatters("NewRedactNoteHandler", matters); err != nil {
		return nil, err
	}
	if keys == nil {
		return nil, errors.New("commands.NewRedactNoteHandler: a key shredder is required")
	}
	return &RedactNoteHandler{matters: matters, keys: keys}, nil
}

// Handle appends NoteTextRedacted, then destroys every key the matter's
// note redactions have replaced (again, after a crash between the two).
func (h *RedactNoteHandler) Handle(ctx context.Context, cmd RedactMatterNote) (MatterResult, error) {
	var retired []string
	res, err := h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *domainmatter.Matter, _ time.Time) ([]domain.Event, error) {
		events, err := m.RedactNote(cmd.NoteID, cmd.Text)
		retired = append([]string(nil), m.RetiredKeys()...)
		for _, ev := range events {
			if r, ok := ev.(domainmatter.NoteTextRedacted); ok {
				retired = append(retired, r.Replaced)
			}
		}
		return events, err
	})
	if err != nil {
		return MatterResult{}, err
	}
	for _, subject := range retired {
		if err := h.keys.ShredKey(ctx, subject); err != nil {
			return MatterResult{}, journal.AsDomainError(err)
		}
	}
	return res, nil
}
