package commands

import (
	"context"
	"errors"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/matter"
)

// templateNotFound is the code of a practice area without a template.
const templateNotFound = "work.template.not_found"

// WithWorkflowTemplates makes activation create the tasks and deadlines of
// the matter's practice area's template. Activation is the moment: an
// intake the conflict check declines should leave no work behind.
func (h *MatterLifecycleHandler) WithWorkflowTemplates(apply *ApplyWorkflowTemplateHandler) *MatterLifecycleHandler {
	h.templates = apply
	return h
}

// applyTemplate gives the just-activated matter its template's items,
// counted from today. The responsible lawyer holds the lawyer's role; a
// role nobody holds falls to whoever activated. Applying is idempotent,
// so activating again after a failure here finishes the job.
func (h *MatterLifecycleHandler) applyTemplate(ctx context.Context, actor Actor, m *matter.Matter) error {
	_, err := h.templates.Handle(ctx, ApplyWorkflowTemplate{
		Actor: actor, MatterID: m.ID(), PracticeArea: m.PracticeArea(), OpenedAt: h.matters.now(),
		RoleHolders: map[access.Role]string{access.RoleLawyer: m.ResponsibleLawyer()},
	})
	var de *domain.Error
	if errors.As(err, &de) && de.Code == templateNotFound {
		return nil
	}
	return err
}
