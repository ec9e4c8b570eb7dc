package http

import (
	"context"

	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain/work"
)

// WorkflowTemplates is *workcmd.WorkflowTemplateHandler: the practice
// areas' templates, read from their own streams (they hold no personal
// data and are few, so they need no read model).
type WorkflowTemplates interface {
	Template(ctx context.Context, practiceArea string) (work.Template, uint64, bool, error)
	HandleDefine(ctx context.Context, cmd workcmd.DefineWorkflowTemplate) (workcmd.WorkResult, error)
	HandleChange(ctx context.Context, cmd workcmd.ChangeWorkflowTemplate) (workcmd.WorkResult, error)
}
