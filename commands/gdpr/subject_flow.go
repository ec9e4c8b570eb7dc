package gdpr

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// maxSubjectAttempts bounds the retries of a subject command that lost a
// race on the stream.
const maxSubjectAttempts = 3

// verdict is what a subject decision came to: events to append and, for
// an erasure that is held, the refusal to report once they are appended
// (it restricts and schedules, then says why it did not erase).
type verdict struct {
	events  []domain.Event
	refusal error
}

// subjectDecision decides on a subject; its error refuses, and then
// nothing is written.
type subjectDecision func(s *domaingdpr.Subject, now time.Time) (verdict, error)

// plain adapts an ordinary decision.
func plain(d journal.Decision[*domaingdpr.Subject]) subjectDecision {
	return func(s *domaingdpr.Subject, now time.Time) (verdict, error) {
		evs, err := d(s, now)
		return verdict{events: evs}, err
	}
}

// decide runs d on subject rawID for actor. Subject commands carry no
// expected version: each adds a fact whose checks read only the current
// state, so deciding again on a fresh load after a lost race is safe (the
// design's "retry on version conflict where safe"), and a withdrawal link
// knows no version anyway.
func (r *Subjects) decide(ctx context.Context, actor journal.Actor, rawID string, d subjectDecision) (SubjectResult, error) {
	if err := actor.Check(); err != nil {
		return SubjectResult{}, err
	}
	id, err := existingSubjectID(rawID)
	if err != nil {
		return SubjectResult{}, err
	}
	if err := checkSubjectContact(ctx, &r.journal, id); err != nil {
		return SubjectResult{}, err
	}
	for attempt := 1; ; attempt++ {
		res, v, err := r.decideOnce(ctx, actor, id, d)
		if journal.IsStale(err) && attempt < maxSubjectAttempts {
			continue
		}
		if err != nil {
			return SubjectResult{}, err
		}
		return res, v.refusal
	}
}

// decideOnce loads, decides and appends once; a lost race comes back stale.
func (r *Subjects) decideOnce(ctx context.Context, actor journal.Actor, id string, d subjectDecision) (SubjectResult, verdict, error) {
	now := r.journal.Now()
	s, sp, err := r.load(ctx, id)
	if err != nil {
		return SubjectResult{}, verdict{}, err
	}
	v, err := d(s, now)
	if err != nil {
		return SubjectResult{}, verdict{}, err
	}
	if len(v.events) == 0 {
		return SubjectResult{SubjectID: id, Version: sp.Version, Position: sp.Last}, v, nil
	}
	expected := eventstore.NoStream
	if sp.Found {
		expected = eventstore.Exact(sp.Version)
	}
	res, err := r.journal.Append(ctx, actor, subjectStream(id), expected, v.events, now)
	return SubjectResult{SubjectID: id, Version: res.LastVersion, Position: res.LastPosition}, v, err
}
