package dpo

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/eventstore"
)

// AccessReviews handles the access reviews' three commands: start one
// over the staff as they stand, decide on a member, complete it. The
// decisions are taken on the review as it is, not on a version the
// reviewer saw: two reviewers may work through the list side by side,
// and a decision concerns one member only.
type AccessReviews struct{ journal journal.Journal }

// NewAccessReviews returns the handler over the log; clock is the only
// source of "now".
func NewAccessReviews(store journal.EventStore, codec journal.EventCodec, clock func() time.Time) (*AccessReviews, error) {
	j, err := journal.New("NewAccessReviews", store, codec, clock)
	if err != nil {
		return nil, err
	}
	return &AccessReviews{journal: j}, nil
}

// StartAccessReview starts a review over Members (the staff directory as
// it stands, read by the caller); ReviewID optional, for safe resending.
type StartAccessReview struct {
	Actor    journal.Actor
	ReviewID string
	Members  []domaindpo.ReviewedMember
}

// DecideAccess keeps a member's access or asks for its removal, with a
// reason.
type DecideAccess struct {
	Actor    journal.Actor
	ReviewID string
	StaffID  string
	Keep     bool
	Reason   string
}

// CompleteAccessReview completes a review whose members are all decided;
// the next is due Every months later.
type CompleteAccessReview struct {
	Actor    journal.Actor
	ReviewID string
	Every    int // months
}

// ReviewResult tells the caller where a command left the review.
type ReviewResult struct {
	ReviewID string
	Position eventstore.Position
}

func reviewStream(id string) journal.Stream {
	return journal.Stream{Name: domaindpo.AccessReviewStreamName(id), StaleCode: "dpo.review.changed_meanwhile"}
}

func (h *AccessReviews) load(id string) journal.Loader[*domaindpo.AccessReview] {
	return func(ctx context.Context) (*domaindpo.AccessReview, journal.Span, error) {
		a := new(domaindpo.AccessReview)
		sp, err := h.journal.Replay(ctx, domaindpo.AccessReviewStreamName(id), "", func(ev domain.Event, _ bool) { a.Apply(ev) })
		return a, sp, err
	}
}

// Start starts the review.
func (h *AccessReviews) Start(ctx context.Context, cmd StartAccessReview) (ReviewResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return ReviewResult{}, err
	}
	id, err := journal.NewID(cmd.ReviewID, domain.Invalid("review_id", "a review ID is a UUID").WithCode("dpo.review.id"))
	if err != nil {
		return ReviewResult{}, err
	}
	p, err := journal.RegisterOnLatest(ctx, &h.journal, cmd.Actor, reviewStream(id), h.load(id),
		func(a *domaindpo.AccessReview, now time.Time) ([]domain.Event, error) {
			return a.Start(domaindpo.AccessReviewStarted{ReviewID: id, StartedAt: now, Members: cmd.Members, StartedBy: cmd.Actor.ID})
		})
	return ReviewResult{ReviewID: id, Position: p.Position}, err
}

// Decide records a decision on one member.
func (h *AccessReviews) Decide(ctx context.Context, cmd DecideAccess) (ReviewResult, error) {
	return h.onLatest(ctx, cmd.Actor, cmd.ReviewID, func(a *domaindpo.AccessReview, id string, _ time.Time) ([]domain.Event, error) {
		return a.Decide(domaindpo.AccessReviewDecided{ReviewID: id, StaffID: cmd.StaffID, Keep: cmd.Keep, Reason: cmd.Reason,
			DecidedBy: cmd.Actor.ID})
	})
}

// Complete completes the review.
func (h *AccessReviews) Complete(ctx context.Context, cmd CompleteAccessReview) (ReviewResult, error) {
	return h.onLatest(ctx, cmd.Actor, cmd.ReviewID, func(a *domaindpo.AccessReview, id string, now time.Time) ([]domain.Event, error) {
		return a.Complete(domaindpo.AccessReviewCompleted{ReviewID: id, CompletedAt: now, NextBy: now.AddDate(0, cmd.Every, 0),
			CompletedBy: cmd.Actor.ID})
	})
}

// onLatest decides on the review as it is now and appends after the
// version it decided on; losing a race to another reviewer decides again.
func (h *AccessReviews) onLatest(ctx context.Context, actor journal.Actor, rawID string,
	decide func(a *domaindpo.AccessReview, id string, now time.Time) ([]domain.Event, error)) (ReviewResult, error) {
	if err := actor.Check(); err != nil {
		return ReviewResult{}, err
	}
	id, err := journal.ExistingID(rawID, domain.NotFound("there is no such access review").WithCode("dpo.review.not_found"))
	if err != nil {
		return ReviewResult{}, err
	}
	for attempt := 0; ; attempt++ {
		now := h.journal.Now()
		a, sp, err := h.load(id)(ctx)
		if err != nil {
			return ReviewResult{}, err
		}
		events, err := decide(a, id, now)
		if err != nil || len(events) == 0 {
			return ReviewResult{ReviewID: id, Position: sp.Last}, err
		}
		res, err := h.journal.Append(ctx, actor, reviewStream(id), eventstore.Exact(sp.Version), events, now)
		if attempt < 3 && journal.IsStale(err) {
			continue
		}
		return ReviewResult{ReviewID: id, Position: res.LastPosition}, err
	}
}
