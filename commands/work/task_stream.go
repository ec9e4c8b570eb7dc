package work

import (
	"context"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainwork "github.com/klient-crm/klient/domain/work"
)

// taskChangedMeanwhile is the catalogue code of a stale view of a task.
const taskChangedMeanwhile = "work.task.changed_meanwhile"

func taskStream(id string) journal.Stream {
	return journal.Stream{Name: domainwork.TaskStreamName(id), StaleCode: taskChangedMeanwhile}
}

// taskLoader rebuilds task id for the shared command flows.
func (r *Work) taskLoader(id string) journal.Loader[*domainwork.Task] {
	return func(ctx context.Context) (*domainwork.Task, journal.Span, error) {
		t := new(domainwork.Task)
		sp, err := r.journal.ReplayAny(ctx, domainwork.TaskStreamName(id), journal.Applier(t))
		return t, sp, err
	}
}

// changeTask runs a decision on the existing task rawID that the caller
// last saw at version expected.
func (r *Work) changeTask(ctx context.Context, actor journal.Actor, rawID string, expected uint64, decide journal.Decision[*domainwork.Task]) (WorkResult, error) {
	if err := actor.Check(); err != nil {
		return WorkResult{}, err
	}
	id, err := journal.ExistingID(rawID, domain.NotFound("there is no such task").WithCode("work.task.not_found"))
	if err != nil {
		return WorkResult{}, err
	}
	p, err := journal.ChangeOn(ctx, &r.journal, actor, taskStream(id), expected, r.taskLoader(id), decide)
	return workResult(id, p, err)
}

// checkAssignee refuses an assignee the roster does not know. An assignee
// that breaks the domain's rules passes here: the aggregate reports it with
// the command's other problems. It returns a with a staff ID in canonical
// form.
func (r *Work) checkAssignee(ctx context.Context, field string, a domainwork.Assignee) (domainwork.Assignee, error) {
	a.Staff = journal.CanonicalID(a.Staff)
	n, err := domainwork.NormaliseAssignee(field, a)
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
