package work

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainwork "github.com/klient-crm/klient/domain/work"
)

// DefineWorkflowTemplate gives a practice area its workflow template: the
// tasks and deadlines every new matter of that area starts with.
type DefineWorkflowTemplate struct {
	Actor    journal.Actor
	Template domainwork.Template
}

// WorkflowTemplateHandler handles DefineWorkflowTemplate and
// ChangeWorkflowTemplate (change_workflow_template.go). The WorkResult's
// ID is the normalised practice area.
type WorkflowTemplateHandler struct{ work *Work }

// NewWorkflowTemplateHandler returns the handler.
func NewWorkflowTemplateHandler(w *Work) (*WorkflowTemplateHandler, error) {
	if err := requireWork("NewWorkflowTemplateHandler", w); err != nil {
		return nil, err
	}
	return &WorkflowTemplateHandler{work: w}, nil
}

// HandleDefine defines the template; the same template defined again
// writes nothing and returns the first result.
func (h *WorkflowTemplateHandler) HandleDefine(ctx context.Context, cmd DefineWorkflowTemplate) (WorkResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return WorkResult{}, err
	}
	area, err := templateArea(cmd.Template)
	if err != nil {
		return WorkResult{}, err
	}
	p, err := journal.RegisterOn(ctx, &h.work.journal, cmd.Actor, templateStream(area), h.work.templateLoader(area),
		func(w *domainwork.WorkflowTemplate, _ time.Time) ([]domain.Event, error) {
			return w.Define(cmd.Template)
		})
	return workResult(area, p, err)
}

// Template returns practice area's current template and the version to
// send back with a change; found is false when the area has none.
func (h *WorkflowTemplateHandler) Template(ctx context.Context, practiceArea string) (t domainwork.Template, version uint64, found bool, err error) {
	area, err := domainwork.NormalisePracticeArea(practiceArea)
	if err != nil {
		return domainwork.Template{}, 0, false, err
	}
	tpl, _, err := h.work.templateLoader(area)(ctx)
	if err != nil || !tpl.Exists() {
		return domainwork.Template{}, 0, false, err
	}
	return tpl.Template(), tpl.Version(), true, nil
}
