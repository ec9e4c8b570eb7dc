package matter

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// ChangeMatterDetails replaces a matter's title, description and practice
// area with a complete new set.
type ChangeMatterDetails struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	Title           string
	Description     string
	PracticeArea    string
}

// MatterDetailsHandler handles ChangeMatterDetails and AddMatterNote
// (add_matter_note.go).
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
	return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *domainmatter.Matter, _ time.Time) ([]domain.Event, error) {
		return m.ChangeDetails(domainmatter.Details{Title: cmd.Title, Description: cmd.Description}, cmd.PracticeArea, h.matters.areas)
	})
}
