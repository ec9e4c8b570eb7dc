package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
)

// ChangeMatterDetails replaces a matter's title, description and practice
// area with a complete new set.
type ChangeMatterDetails struct {
	Actor           Actor
	MatterID        string
	ExpectedVersion uint64
	Title           string
	Description     string
	PracticeArea    string
}

// AddMatterNote puts a free-form note on the matter's file.
type AddMatterNote struct {
	Actor           Actor
	MatterID        string
	ExpectedVersion uint64
	// NoteID is optional: a client that chooses the UUID itself can safely
	// resend the note; the second one is not added.
	NoteID string
	Text   string
}

// MatterDetailsHandler handles ChangeMatterDetails and AddMatterNote.
type MatterDetailsHandler struct{ matters *Matters }

// NewMatterDetailsHandler returns the handler.
func NewMatterDetailsHandler(matters *Matters) (*MatterDetailsHandler, error) {
	if err := requireMatters("NewMatterDetailsHandler", matters); err != nil {
		return nil, err
	}
	return &MatterDetailsHandler{matters: matters}, nil
}

// HandleDetails changes the details; the same details write nothing and
// return the current MatterResult.
func (h *MatterDetailsHandler) HandleDetails(ctx context.Context, cmd ChangeMatterDetails) (MatterResult, error) {
	return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *matter.Matter, _ time.Time) ([]domain.Event, error) {
		return m.ChangeDetails(matter.Details{Title: cmd.Title, Description: cmd.Description}, cmd.PracticeArea, h.matters.areas)
	})
}

// HandleNote adds the note.
func (h *MatterDetailsHandler) HandleNote(ctx context.Context, cmd AddMatterNote) (MatterResult, error) {
	noteID, err := newID(cmd.NoteID, domain.Invalid("note_id", "a note ID is a UUID").WithCode("matter.note.id"))
	if err != nil {
		return MatterResult{}, err
	}
	return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *matter.Matter, _ time.Time) ([]domain.Event, error) {
		return m.AddNote(noteID, cmd.Text)
	})
}
