package work

import (
	"context"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	domainwork "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
)

// templateNamespace makes the IDs of template items: a UUIDv5 of the
// matter and the item, the same on every apply. Never change it.
var templateNamespace = uuid.MustParse("6f1d7a52-3c1e-4b8e-9a51-2f0c0b7e4d10")

// planned is one item of a plan, resolved and checked: its ID, its stream
// and the decision that creates it.
type planned struct {
	id      string
	isTask  bool
	stream  journal.Stream
	decided []domain.Event
}

func itemID(matterID, origin string) string {
	return uuid.NewSHA1(templateNamespace, []byte(matterID+"\x00"+origin)).String()
}

// resolve gives each role-assigned item its holder, checks every assignee
// with the roster and lets a fresh aggregate decide each item, so that a
// bad item refuses the whole apply before anything is written.
func (h *ApplyWorkflowTemplateHandler) resolve(ctx context.Context, cmd ApplyWorkflowTemplate, plan domainwork.Plan) ([]planned, error) {
	holder := func(role access.Role) string {
		if id := cmd.RoleHolders[role]; id != "" {
			return journal.CanonicalID(id)
		}
		return journal.CanonicalID(cmd.Actor.ID)
	}
	var out []planned
	for _, p := range plan.Tasks {
		t := p.Task
		if p.Role != "" {
			t.Assignee = domainwork.StaffAssignee(holder(p.Role))
		}
		it, err := h.resolveTask(ctx, itemID(t.MatterID, t.Origin), t)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	for _, p := range plan.Deadlines {
		d := p.Deadline
		d.Responsible = holder(p.Role)
		it, err := h.resolveDeadline(ctx, itemID(d.MatterID, d.Origin), d)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

func (h *ApplyWorkflowTemplateHandler) resolveTask(ctx context.Context, id string, t domainwork.NewTask) (planned, error) {
	if _, err := h.work.checkAssignee(ctx, "assignee", t.Assignee); err != nil {
		return planned{}, err
	}
	evs, err := new(domainwork.Task).Create(id, t)
	return planned{id: id, isTask: true, stream: taskStream(id), decided: evs}, err
}

func (h *ApplyWorkflowTemplateHandler) resolveDeadline(ctx context.Context, id string, d domainwork.NewDeadline) (planned, error) {
	if err := h.work.checkStaff(ctx, "responsible", d.Responsible); err != nil {
		return planned{}, err
	}
	evs, err := new(domainwork.Deadline).Set(id, d)
	return planned{id: id, stream: deadlineStream(id), decided: evs}, err
}

// create appends the item's creation unless its stream exists: whatever
// is there (a retry's, or an item changed since) stays as it is.
func (h *ApplyWorkflowTemplateHandler) create(ctx context.Context, actor journal.Actor, it planned, res *ApplyResult) error {
	if it.isTask {
		res.TaskIDs = append(res.TaskIDs, it.id)
	} else {
		res.DeadlineIDs = append(res.DeadlineIDs, it.id)
	}
	_, exists, err := h.work.journal.First(ctx, it.stream.Name)
	switch {
	case err != nil:
		return err
	case exists:
		return nil
	}
	now := h.work.journal.Now()
	r, err := h.work.journal.Append(ctx, actor, it.stream, eventstore.NoStream, it.decided, now)
	if journal.IsStale(err) {
		return nil // a concurrent apply created it first
	}
	if err != nil {
		return err
	}
	res.Created++
	res.Position = r.LastPosition
	return nil
}
