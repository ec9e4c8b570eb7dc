package commands

import (
	"context"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

// deadlineChangedMeanwhile is the catalogue code of a stale view of a
// deadline.
const deadlineChangedMeanwhile = "work.deadline.changed_meanwhile"

func deadlineStream(id string) stream {
	return stream{name: work.DeadlineStreamName(id), staleCode: deadlineChangedMeanwhile}
}

// deadlineLoader rebuilds deadline id for the shared command flows.
func (r *Work) deadlineLoader(id string) loader[*work.Deadline] {
	return func(ctx context.Context) (*work.Deadline, span, error) {
		d := new(work.Deadline)
		sp, err := r.replayWork(ctx, work.DeadlineStreamName(id), func(ev domain.Event, erased bool) {
			if erased {
				d.ApplyErased(ev)
			} else {
				d.Apply(ev)
			}
		})
		return d, sp, err
	}
}

// changeDeadline runs a decision on the existing deadline rawID that the
// caller last saw at version expected.
func (r *Work) changeDeadline(ctx context.Context, actor Actor, rawID string, expected uint64, decide decision[*work.Deadline]) (WorkResult, error) {
	if err := actor.check(); err != nil {
		return WorkResult{}, err
	}
	id, err := existingID(rawID, domain.NotFound("there is no such deadline").WithCode("work.deadline.not_found"))
	if err != nil {
		return WorkResult{}, err
	}
	p, err := changeOn(ctx, &r.journal, actor, deadlineStream(id), expected, r.deadlineLoader(id), decide)
	return workResult(id, p, err)
}
