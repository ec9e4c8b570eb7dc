package commands

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/work"
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
	stream  stream
	decided []domain.Event
}

func itemID(matterID, origin string) string {
	return uuid.NewSHA1(templateNamespace, []byte(matterID+"\x00"+origin)).String()
}

// resolve gives each role-assigned item its holder, checks every assignee
// with the roster and lets a fresh aggregate decide each item, so that a
// bad item refuses the whole apply before anything is written.
func (h *ApplyWorkflowTemplateHandler) resolve(ctx context.Context, cmd ApplyWorkflowTemplate, plan work.Plan) ([]planned, error) {
	holder := func(role access.Role) string {
		if id := cmd.RoleHolders[role]; id != "" {
			return canonicalID(id)
		}
		return canonicalID(cmd.Actor.ID)
	}
	var out []planned
	for _, p := range plan.Tasks {
		t := p.Task
		if p.Role != "" {
			t.Assignee = work.StaffAssignee(holder(p.Role))
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

func (h *ApplyWorkflowTemplateHandler) resolveTask(ctx context.Context, id string, t work.NewTask) (planned, error) {
	if _, err := h.work.checkAssignee(ctx, "assignee", t.Assignee); err != nil {
		return planned{}, err
	}
	evs, err := new(work.Task).Create(id, t)
	return planned{id: id, isTask: true, stream: taskStream(id), decided: evs}, err
}

func (h *ApplyWorkflowTemplateHandler) resolveDeadline(ctx context.Context, id string, d work.NewDeadline) (planned, error) {
	if err := h.work.checkStaff(ctx, "responsible", d.Responsible); err != nil {
		return planned{}, err
	}
	evs, err := new(work.Deadline).Set(id, d)
	return planned{id: id, stream: deadlineStream(id), decided: evs}, err
}

// create appends the item's creation unless its stream exists: whatever
// is there (a retry's, or an item changed since) stays as it is.
func (h *ApplyWorkflowTemplateHandler) create(ctx context.Context, actor Actor, it planned, res *ApplyResult) error {
	if it.isTask {
		res.TaskIDs = append(res.TaskIDs, it.id)
	} else {
		res.DeadlineIDs = append(res.DeadlineIDs, it.id)
	}
	envs, err := h.work.store.ReadStream(ctx, it.stream.name, 0, 1)
	switch {
	case err == nil && len(envs) > 0:
		return nil
	case err != nil && !errors.Is(err, eventstore.ErrStreamNotFound):
		return asDomainError(err)
	}
	now := h.work.now()
	r, err := h.work.append(ctx, actor, it.stream, eventstore.NoStream, it.decided, now)
	if isStale(err) {
		return nil // a concurrent apply created it first
	}
	if err != nil {
		return err
	}
	res.Created++
	res.Position = r.LastPosition
	return nil
}
