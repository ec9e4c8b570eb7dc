package http

import (
	"context"

	"github.com/klient-crm/klient/commands"
	"github.com/klient-crm/klient/domain/work"
)

// WorkflowTemplates is *commands.WorkflowTemplateHandler: the practice
// areas' templates, read from their own streams (they hold no personal
// data and are few, so they need no read model).
type WorkflowTemplates interface {
	Template(ctx context.Context, practiceArea string) (work.Template, uint64, bool, error)
	HandleDefine(ctx context.Context, cmd commands.DefineWorkflowTemplate) (commands.WorkResult, error)
	HandleChange(ctx context.Context, cmd commands.ChangeWorkflowTemplate) (commands.WorkResult, error)
}
