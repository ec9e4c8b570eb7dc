package matter

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// ChangeMatterStatus moves a matter along its life: activate (intake →
// open, after a conflict check), close, reopen (with a reason) or archive.
type ChangeMatterStatus struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	Reason          string // reopening only: why (sealed with the key of the matter's details)
}

// MatterLifecycleHandler handles the status changes (activation, with its
// workflow template, in activate_matter.go).
type MatterLifecycleHandler struct {
	matters   *Matters
	templates *workcmd.ApplyWorkflowTemplateHandler // nil: activation creates no tasks
	cdd       DueDiligence                          // nil: no area needs due diligence
}

// NewMatterLifecycleHandler returns the handler.
func NewMatterLifecycleHandler(matters *Matters) (*MatterLifecycleHandler, error) {
	if err := requireMatters("NewMatterLifecycleHandler", matters); err != nil {
		return nil, err
	}
	return &MatterLifecycleHandler{matters: matters}, nil
}

// HandleClose closes an open matter or an intake that does not proceed; a
// closed matter stays as it is.
func (h *MatterLifecycleHandler) HandleClose(ctx context.Context, cmd ChangeMatterStatus) (MatterResult, error) {
	return h.run(ctx, cmd, func(m *domainmatter.Matter) ([]domain.Event, error) { return m.Close() })
}

// HandleReopen returns a closed matter to the status it was closed from.
func (h *MatterLifecycleHandler) HandleReopen(ctx context.Context, cmd ChangeMatterStatus) (MatterResult, error) {
	return h.run(ctx, cmd, func(m *domainmatter.Matter) ([]domain.Event, error) { return m.Reopen(cmd.Reason) })
}

// HandleArchive puts a closed matter away for good.
func (h *MatterLifecycleHandler) HandleArchive(ctx context.Context, cmd ChangeMatterStatus) (MatterResult, error) {
	return h.run(ctx, cmd, func(m *domainmatter.Matter) ([]domain.Event, error) { return m.Archive() })
}

func (h *MatterLifecycleHandler) run(ctx context.Context, cmd ChangeMatterStatus, decide func(*domainmatter.Matter) ([]domain.Event, error)) (MatterResult, error) {
	return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *domainmatter.Matter, _ time.Time) ([]domain.Event, error) {
		return decide(m)
	})
}
