package commands

import (
	"context"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

// taskChangedMeanwhile is the catalogue code of a stale view of a task.
const taskChangedMeanwhile = "work.task.changed_meanwhile"

func taskStream(id string) stream {
	return stream{name: work.TaskStreamName(id), staleCode: taskChangedMeanwhile}
}

// taskLoader rebuilds task id for the shared command flows.
func (r *Work) taskLoader(id string) loader[*work.Task] {
	return func(ctx context.Context) (*work.Task, span, error) {
		t := new(work.Task)
		sp, err := r.replayWork(ctx, work.TaskStreamName(id), func(ev domain.Event, erased bool) {
			if erased {
				t.ApplyErased(ev)
			} else {
				t.Apply(ev)
			}
		})
		return t, sp, err
	}
}

// changeTask runs a decision on the existing task rawID that the caller
// last saw at version expected.
func (r *Work) changeTask(ctx context.Context, actor Actor, rawID string, expected uint64, decide decision[*work.Task]) (WorkResult, error) {
	if err := actor.check(); err != nil {
		return WorkResult{}, err
	}
	id, err := existingID(rawID, domain.NotFound("there is no such task").WithCode("work.task.not_found"))
	if err != nil {
		return WorkResult{}, err
	}
	p, err := changeOn(ctx, &r.journal, actor, taskStream(id), expected, r.taskLoader(id), decide)
	return workResult(id, p, err)
}

// checkAssignee refuses an assignee the roster does not know. An assignee
// that breaks the domain's rules passes here: the aggregate reports it with
// the command's other problems. It returns a with a staff ID in canonical
// form.
func (r *Work) checkAssignee(ctx context.Context, field string, a work.Assignee) (work.Assignee, error) {
	a.Staff = canonicalID(a.Staff)
	n, err := work.NormaliseAssignee(field, a)
	if err != nil {
		return a, nil
	}
	if n.IsTeam() {
		return a, r.checkTeam(ctx, field+".team", n.Team)
	}
	return a, r.checkStaff(ctx, field+".staff", n.Staff)
}

// checkStaff refuses a staff ID that names no active member.
func (r *Work) checkStaff(ctx context.Context, field, staffID string) error {
	ok, err := r.roster.ActiveStaff(ctx, staffID)
	if err != nil {
		return domain.Internal(err)
	}
	if !ok {
		return domain.Invalid(field, "there is no such active staff member").WithCode("work.assignee.unknown")
	}
	return nil
}

// checkTeam refuses a team nobody belongs to.
func (r *Work) checkTeam(ctx context.Context, field, team string) error {
	ok, err := r.roster.KnownTeam(ctx, team)
	if err != nil {
		return domain.Internal(err)
	}
	if !ok {
		return domain.Invalid(field, "there is no such team").WithCode("work.assignee.unknown_team")
	}
	return nil
}
