package admin

import (
	"context"
	"time"

	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/integrations"
)

// WorkflowTemplates is *workcmd.WorkflowTemplateHandler: the practice
// areas' templates, read from their own streams (they hold no personal
// data and are few, so they need no read model).
type WorkflowTemplates interface {
	Template(ctx context.Context, practiceArea string) (work.Template, uint64, bool, error)
	HandleDefine(ctx context.Context, cmd workcmd.DefineWorkflowTemplate) (workcmd.WorkResult, error)
	HandleChange(ctx context.Context, cmd workcmd.ChangeWorkflowTemplate) (workcmd.WorkResult, error)
}

// Deps are the administrators' collaborators: the staff and wall commands
// and the practice areas' workflow templates. Every field is required.
type Deps struct {
	Access    AccessCommands
	Templates WorkflowTemplates
	Letters   LetterTemplates
	// PracticeAreas lists the firm's practice areas, each of which may
	// have a template ((*mattercmd.Matters).PracticeAreas).
	PracticeAreas func() []string
	// Webhooks name the webhooks the access log's deliveries were sent
	// by (integrations.Webhooks).
	Webhooks WebhookNames
	// Reviews are the DPO's access reviews (the registers' read model),
	// which the staff page's reminder reads; Log the log's head, which
	// that read model must have applied before the reminder speaks; Clock
	// the registers' clock, so that "late" is the day the DPO's pages
	// call late.
	Reviews AccessReviews
	Log     LogHead
	Clock   func() time.Time
}

// WebhookNames lists the webhooks, for their names.
type WebhookNames interface {
	List(ctx context.Context) ([]integrations.Subscription, error)
}

// Validate names every missing collaborator.
func (d Deps) Validate(check func(ok bool, name string)) {
	a := d.Access
	check(web.Present(a.RegisterStaff), "Access.RegisterStaff")
	check(web.Present(a.ChangeRoles), "Access.ChangeRoles")
	check(web.Present(a.Activation), "Access.Activation")
	check(web.Present(a.ErectWall), "Access.ErectWall")
	check(web.Present(a.LiftWall), "Access.LiftWall")
	check(web.Present(d.Templates), "Templates")
	check(web.Present(d.Letters), "Letters")
	check(web.Present(d.PracticeAreas), "Casework.Matters.PracticeAreas")
	check(web.Present(d.Webhooks), "Integrations.Webhooks")
	check(web.Present(d.Reviews), "Registers.Register")
	check(web.Present(d.Log), "Registers.Log")
	check(web.Present(d.Clock), "Registers.Clock")
}
