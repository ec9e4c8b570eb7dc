package matter

import (
	"context"
	"errors"

	"github.com/klient-crm/klient/commands/journal"
	workcmd "github.com/klient-crm/klient/commands/work"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// HandleActivate opens an intake whose current conflict check was decided
// clear or waived and, in a practice area that needs it, whose
// due-diligence record is approved; an open matter stays as it is. With
// workflow templates it then gives the matter its practice area's tasks
// and deadlines.
func (h *MatterLifecycleHandler) HandleActivate(ctx context.Context, cmd ChangeMatterStatus) (MatterResult, error) {
	var opened *domainmatter.Matter
	res, err := h.run(ctx, cmd, func(m *domainmatter.Matter) ([]domain.Event, error) {
		opened = m
		events, err := m.Activate()
		if err != nil || len(events) == 0 || !h.matters.NeedsDueDiligence(m.PracticeArea()) {
			return events, err
		}
		if h.cdd == nil {
			return nil, errors.New("commands.HandleActivate: practice area needs due diligence, but the handler has no DueDiligence")
		}
		var clients []string
		for _, p := range m.Parties() {
			if p.Role == domainmatter.RoleClient || p.Role == domainmatter.RoleCoClient {
				clients = append(clients, p.ContactID)
			}
		}
		return events, h.cdd.Cleared(ctx, m.ID(), clients)
	})
	if err != nil || h.templates == nil {
		return res, err
	}
	return res, h.applyTemplate(ctx, cmd.Actor, opened)
}

// DueDiligence is what activation asks of the due-diligence context
// (commands/cdd's Records): nil when matter matterID's record is of one
// of clients (the matter's client and co-client parties now) and approved
// as it stands, else the refusal (a domain.Error: no record of a client,
// not approved). The record lives on its own stream, so it is
// read at activation, not kept in the matter: a record changed a moment
// after the matter opened does not close it again (monitoring's business).
type DueDiligence interface {
	Cleared(ctx context.Context, matterID string, clients []string) error
}

// WithDueDiligence makes activation in the practice areas configured
// (MatterConfig.DueDiligenceAreas) ask dd for an approved record.
func (h *MatterLifecycleHandler) WithDueDiligence(dd DueDiligence) *MatterLifecycleHandler {
	h.cdd = dd
	return h
}

// templateNotFound is the code of a practice area without a template.
const templateNotFound = "work.template.not_found"

// WithWorkflowTemplates makes activation create the tasks and deadlines of
// the matter's practice area's template. Activation is the moment: an
// intake the conflict check declines should leave no work behind.
func (h *MatterLifecycleHandler) WithWorkflowTemplates(apply *workcmd.ApplyWorkflowTemplateHandler) *MatterLifecycleHandler {
	h.templates = apply
	return h
}

// applyTemplate gives the just-activated matter its template's items,
// counted from today. The responsible lawyer holds the lawyer's role; a
// role nobody holds falls to whoever activated. Applying is idempotent,
// so activating again after a failure here finishes the job.
func (h *MatterLifecycleHandler) applyTemplate(ctx context.Context, actor journal.Actor, m *domainmatter.Matter) error {
	_, err := h.templates.Handle(ctx, workcmd.ApplyWorkflowTemplate{
		Actor: actor, MatterID: m.ID(), PracticeArea: m.PracticeArea(), OpenedAt: h.matters.journal.Now(),
		RoleHolders: map[access.Role]string{access.RoleLawyer: m.ResponsibleLawyer()},
	})
	var de *domain.Error
	if errors.As(err, &de) && de.Code == templateNotFound {
		return nil
	}
	return err
}
