package matter

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// AddMatterNote puts a free-form note on the matter's file.
type AddMatterNote struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	// NoteID is optional: a client that chooses the UUID itself can safely
	// resend the note; the second one is not added.
	NoteID string
	Text   string
}

// HandleNote adds the note.
func (h *MatterDetailsHandler) HandleNote(ctx context.Context, cmd AddMatterNote) (MatterResult, error) {
	noteID, err := journal.NewID(cmd.NoteID, domain.Invalid("note_id", "a note ID is a UUID").WithCode("matter.note.id"))
	if err != nil {
		return MatterResult{}, err
	}
	return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *domainmatter.Matter, _ time.Time) ([]domain.Event, error) {
		return m.AddNote(noteID, cmd.Text)
	})
}
