package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
)

// ChangeMatterStatus moves a matter along its life: activate (intake →
// open, after a conflict check), close, reopen (with a reason) or archive.
type ChangeMatterStatus struct {
	Actor           Actor
	MatterID        string
	ExpectedVersion uint64
	Reason          string // reopening only: why (sealed with the matter's key)
}

// MatterLifecycleHandler handles the status changes.
type MatterLifecycleHandler struct {
	matters   *Matters
	templates *ApplyWorkflowTemplateHandler // nil: activation creates no tasks
}

// NewMatterLifecycleHandler returns the handler.
func NewMatterLifecycleHandler(matters *Matters) (*MatterLifecycleHandler, error) {
	if err := requireMatters("NewMatterLifecycleHandler", matters); err != nil {
		return nil, err
	}
	return &MatterLifecycleHandler{matters: matters}, nil
}

// HandleActivate opens an intake whose current conflict check was decided
// clear or waived; an open matter stays as it is. With workflow templates
// it then gives the matter its practice area's tasks and deadlines.
func (h *MatterLifecycleHandler) HandleActivate(ctx context.Context, cmd ChangeMatterStatus) (MatterResult, error) {
	var opened *matter.Matter
	res, err := h.run(ctx, cmd, func(m *matter.Matter) ([]domain.Event, error) {
		opened = m
		return m.Activate()
	})
	if err != nil || h.templates == nil {
		return res, err
	}
	return res, h.applyTemplate(ctx, cmd.Actor, opened)
}

// HandleClose closes an open matter or an intake that does not proceed; a
// closed matter stays as it is.
func (h *MatterLifecycleHandler) HandleClose(ctx context.Context, cmd ChangeMatterStatus) (MatterResult, error) {
	return h.run(ctx, cmd, func(m *matter.Matter) ([]domain.Event, error) { return m.Close() })
}

// HandleReopen returns a closed matter to the status it was closed from.
func (h *MatterLifecycleHandler) HandleReopen(ctx context.Context, cmd ChangeMatterStatus) (MatterResult, error) {
	return h.run(ctx, cmd, func(m *matter.Matter) ([]domain.Event, error) { return m.Reopen(cmd.Reason) })
}

// HandleArchive puts a closed matter away for good.
func (h *MatterLifecycleHandler) HandleArchive(ctx context.Context, cmd ChangeMatterStatus) (MatterResult, error) {
	return h.run(ctx, cmd, func(m *matter.Matter) ([]domain.Event, error) { return m.Archive() })
}

func (h *MatterLifecycleHandler) run(ctx context.Context, cmd ChangeMatterStatus, decide func(*matter.Matter) ([]domain.Event, error)) (MatterResult, error) {
	return h.matters.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(m *matter.Matter, _ time.Time) ([]domain.Event, error) {
		return decide(m)
	})
}
