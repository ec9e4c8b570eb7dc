package work

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainwork "github.com/klient-crm/klient/domain/work"
)

// ChangeWorkflowTemplate replaces a practice area's template; matters
// already opened keep what they got.
type ChangeWorkflowTemplate struct {
	Actor           journal.Actor
	ExpectedVersion uint64
	Template        domainwork.Template
}

// HandleChange replaces the template the caller last saw at
// ExpectedVersion.
func (h *WorkflowTemplateHandler) HandleChange(ctx context.Context, cmd ChangeWorkflowTemplate) (WorkResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return WorkResult{}, err
	}
	area, err := templateArea(cmd.Template)
	if err != nil {
		return WorkResult{}, err
	}
	p, err := journal.ChangeOn(ctx, &h.work.journal, cmd.Actor, templateStream(area), cmd.ExpectedVersion, h.work.templateLoader(area),
		func(w *domainwork.WorkflowTemplate, _ time.Time) ([]domain.Event, error) {
			return w.Change(cmd.Template)
		})
	return workResult(area, p, err)
}
