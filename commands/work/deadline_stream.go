package work

import (
	"context"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainwork "github.com/klient-crm/klient/domain/work"
)

// deadlineChangedMeanwhile is the catalogue code of a stale view of a
// deadline.
const deadlineChangedMeanwhile = "work.deadline.changed_meanwhile"

func deadlineStream(id string) journal.Stream {
	return journal.Stream{Name: domainwork.DeadlineStreamName(id), StaleCode: deadlineChangedMeanwhile}
}

// deadlineLoader rebuilds deadline id for the shared command flows.
func (r *Work) deadlineLoader(id string) journal.Loader[*domainwork.Deadline] {
	return func(ctx context.Context) (*domainwork.Deadline, journal.Span, error) {
		d := new(domainwork.Deadline)
		sp, err := r.journal.ReplayAny(ctx, domainwork.DeadlineStreamName(id), journal.Applier(d))
		return d, sp, err
	}
}

// changeDeadline runs a decision on the existing deadline rawID that the
// caller last saw at version expected.
func (r *Work) changeDeadline(ctx context.Context, actor journal.Actor, rawID string, expected uint64, decide journal.Decision[*domainwork.Deadline]) (WorkResult, error) {
	if err := actor.Check(); err != nil {
		return WorkResult{}, err
	}
	id, err := journal.ExistingID(rawID, domain.NotFound("there is no such deadline").WithCode("work.deadline.not_found"))
	if err != nil {
		return WorkResult{}, err
	}
	p, err := journal.ChangeOn(ctx, &r.journal, actor, deadlineStream(id), expected, r.deadlineLoader(id), decide)
	return workResult(id, p, err)
}
