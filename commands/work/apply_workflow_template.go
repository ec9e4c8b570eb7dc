package work

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	domainwork "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
)

// ApplyWorkflowTemplate gives a newly opened matter the tasks and deadlines
// of its practice area's template.
type ApplyWorkflowTemplate struct {
	Actor        journal.Actor
	MatterID     string
	PracticeArea string
	OpenedAt     time.Time // items fall due counted from its date in Stockholm
	// RoleHolders says who holds each role on this matter (say, its
	// responsible lawyer for access.RoleLawyer). A role nobody holds falls
	// to the Actor, who is applying the template.
	RoleHolders map[access.Role]string
}

// ApplyResult tells what applying a template left behind.
type ApplyResult struct {
	TaskIDs     []string // every task of the plan, created now or before
	DeadlineIDs []string
	Created     int                 // how many of them this call created
	Position    eventstore.Position // the last append's; zero when nothing was created
}

// ApplyWorkflowTemplateHandler handles ApplyWorkflowTemplate.
type ApplyWorkflowTemplateHandler struct{ work *Work }

// NewApplyWorkflowTemplateHandler returns the handler.
func NewApplyWorkflowTemplateHandler(w *Work) (*ApplyWorkflowTemplateHandler, error) {
	if err := requireWork("NewApplyWorkflowTemplateHandler", w); err != nil {
		return nil, err
	}
	return &ApplyWorkflowTemplateHandler{work: w}, nil
}

// Handle plans the template for the matter, checks every assignee and
// every item before writing anything, then creates each task and deadline
// under an ID derived from the matter and the template item. It is
// idempotent per matter: a retry, or a second apply racing the first,
// finds the items' streams and creates nothing twice. An item someone has
// since changed is left as it is.
func (h *ApplyWorkflowTemplateHandler) Handle(ctx context.Context, cmd ApplyWorkflowTemplate) (ApplyResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return ApplyResult{}, err
	}
	plan, err := h.plan(ctx, cmd)
	if err != nil {
		return ApplyResult{}, err
	}
	items, err := h.resolve(ctx, cmd, plan)
	if err != nil {
		return ApplyResult{}, err
	}
	var res ApplyResult
	for _, it := range items {
		if err := h.create(ctx, cmd.Actor, it, &res); err != nil {
			return res, err
		}
	}
	return res, nil
}

// plan loads the practice area's template and instantiates it.
func (h *ApplyWorkflowTemplateHandler) plan(ctx context.Context, cmd ApplyWorkflowTemplate) (domainwork.Plan, error) {
	matterID := journal.CanonicalID(cmd.MatterID)
	if !domainwork.ValidID(matterID) {
		return domainwork.Plan{}, domain.Invalid("matter_id", "choose the matter").WithCode("work.template.matter_required")
	}
	notFound := domain.NotFound("this practice area has no template").WithCode("work.template.not_found")
	area, err := domainwork.NormalisePracticeArea(cmd.PracticeArea)
	if err != nil {
		return domainwork.Plan{}, notFound
	}
	tpl, _, err := h.work.templateLoader(area)(ctx)
	if err != nil {
		return domainwork.Plan{}, err
	}
	if !tpl.Exists() {
		return domainwork.Plan{}, notFound
	}
	return domainwork.Instantiate(tpl.Template(), matterID, domainwork.DateOf(cmd.OpenedAt)), nil
}
