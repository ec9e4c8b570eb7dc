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

// redactor is what the redactions of a matter's own text (a note, the
// details) share: the repository and the journalled key shredder.
type redactor struct {
	matters *Matters
	keys    journal.KeyShredder
}

func newRedactor(handler string, matters *Matters, keys journal.KeyShredder) (redactor, error) {
	if err := requireMatters(handler, matters); err != nil {
		return redactor{}, err
	}
	if keys == nil {
		return redactor{}, errors.New("commands." + handler + ": a key shredder is required")
	}
	return redactor{matters: matters, keys: keys}, nil
}

// RedactNoteHandler handles RedactMatterNote.
type RedactNoteHandler struct{ redactor }

// NewRedactNoteHandler returns the handler.
func NewRedactNoteHandler(matters *Matters, keys journal.KeyShredder) (*RedactNoteHandler, error) {
	r, err := newRedactor("NewRedactNoteHandler", matters, keys)
	if err != nil {
		return nil, err
	}
	return &RedactNoteHandler{r}, nil
}

// RedactDetailsHandler handles RedactMatterDetails.
type RedactDetailsHandler struct{ redactor }

// NewRedactDetailsHandler returns the handler.
func NewRedactDetailsHandler(matters *Matters, keys journal.KeyShredder) (*RedactDetailsHandler, error) {
	r, err := newRedactor("NewRedactDetailsHandler", matters, keys)
	if err != nil {
		return nil, err
	}
	return &RedactDetailsHandler{r}, nil
}

// Handle appends NoteTextRedacted, then destroys every key the matter's
// redactions have replaced (again, after a crash between the two).
func (h *RedactNoteHandler) Handle(ctx context.Context, cmd RedactMatterNote) (MatterResult, error) {
	return h.redact(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *domainmatter.Matter) ([]domain.Event, error) {
		return m.RedactNote(cmd.NoteID, cmd.Text)
	})
}

// RedactMatterDetails replaces a matter's title and description, and the
// reasons it was reopened (oldest first, every one), with a corrected text
// under a new entry key and destroys the key of the text it replaces, as
// RedactMatterNote does for a note. The practice area stays.
type RedactMatterDetails struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	Details         domainmatter.Details
	Reasons         []string
}

// Handle appends MatterDetailsRedacted, then destroys the retired keys
// like RedactNoteHandler.Handle.
func (h *RedactDetailsHandler) Handle(ctx context.Context, cmd RedactMatterDetails) (MatterResult, error) {
	return h.redact(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *domainmatter.Matter) ([]domain.Event, error) {
		return m.RedactDetails(cmd.Details, cmd.Reasons)
	})
}

// redact stores what decide redacts, then destroys through the journalled
// shredder every key the matter's redactions have replaced, this one's
// included.
func (h redactor) redact(ctx context.Context, actor journal.Actor, matterID string, expected uint64, decide func(*domainmatter.Matter) ([]domain.Event, error)) (MatterResult, error) {
	var retired []string
	res, err := h.matters.change(ctx, actor, matterID, expected, func(m *domainmatter.Matter, _ time.Time) ([]domain.Event, error) {
		events, err := decide(m)
		retired = append([]string(nil), m.RetiredKeys()...)
		for _, ev := range events {
			switch r := ev.(type) {
			case domainmatter.NoteTextRedacted:
				retired = append(retired, r.Replaced)
			case domainmatter.MatterDetailsRedacted:
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
