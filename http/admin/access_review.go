package admin

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/http/web"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
	"github.com/klient-crm/klient/projections/staff"
)

// The access review's reminder on the administrator's start page (issue
// 16: "overdue reviews on the administrator's start page"). The DPO runs
// the review and decides keep or remove (gdpr.manage); the administrator,
// who gave the access, does not judge it, but is told when the review is
// due or late, how far one under way has come, and whom the last one
// decided to remove access for — which the administrator then removes
// under each member (docs/gdpr.md, "Access reviews").

// AccessReviews is the registers' read model of the access reviews
// (dpopages.BreachRegister has them).
type AccessReviews interface {
	// AccessReviews lists the reviews, the latest started first.
	AccessReviews(ctx context.Context) ([]dpomodel.AccessReview, error)
	// AccessReview is one review with its members and their decisions.
	AccessReview(ctx context.Context, id string) (dpomodel.AccessReview, []dpomodel.ReviewedMember, error)
}

// LogHead is the position of the log's last committed event
// (*projections.Runtime).
type LogHead interface {
	Head(ctx context.Context) (eventstore.Position, error)
}

// reviewsProjector is the read model the access reviews are kept in.
const reviewsProjector = "dpo"

// reviewNotice is how far ahead the reminder says that the day is near,
// as the DPO's start page does.
const reviewNotice = 30 * 24 * time.Hour

// reviewReminder is what the staff page says of the access reviews.
type reviewReminder struct {
	// Behind: the read model had not applied the log within the wait, so
	// nothing else is said ("none completed" might be one not applied).
	Behind bool
	Never  bool // no review was ever completed: one is due now
	DueBy  time.Time
	Soon   bool // due within reviewNotice
	Late   bool // the day has passed
	Open   *openReview
	Last   *lastReview
	// MayOpen: the reader's roles open the reviews' pages.
	MayOpen bool
}

// openReview is the review under way, its starter named.
type openReview struct {
	dpomodel.AccessReview
	StartedByName string
}

// lastReview is the latest completed review, its completer named, with
// the members it decided to remove access for.
type lastReview struct {
	dpomodel.AccessReview
	CompletedByName string
	Removals        []removal
}

// removal is a member the review decided to remove access for; Name is
// empty for a member erased since (or unknown to the staff list), and
// Inactive says the member has been deactivated since (nothing left to
// remove).
type removal struct {
	StaffID, Name, Reason string
	Inactive              bool
}

// accessReviewReminder reads the reminder once the reviews' read model
// has caught up with the log; members are the staff the page lists,
// which name the people.
func (s *Handlers) accessReviewReminder(r *http.Request, members []staff.Member) (reviewReminder, error) {
	p, _ := web.PrincipalOf(r.Context())
	out := reviewReminder{MayOpen: p.Can(access.RegisterView)}
	caughtUp, err := s.reviewsCaughtUp(r.Context())
	if err != nil || !caughtUp {
		out.Behind = true
		return out, err
	}
	list, err := s.deps.Reviews.AccessReviews(r.Context())
	if err != nil {
		return out, err
	}
	byID := make(map[string]staff.Member, len(members))
	for _, m := range members {
		byID[m.ID] = m
	}
	name := func(id string) string {
		if m, ok := byID[id]; ok && !m.Erased {
			return m.Name
		}
		return ""
	}
	var last *dpomodel.AccessReview
	for i, rv := range list {
		switch {
		case rv.CompletedAt.IsZero() && out.Open == nil:
			out.Open = &openReview{AccessReview: rv, StartedByName: name(rv.StartedBy)}
		case !rv.CompletedAt.IsZero() && (last == nil || rv.CompletedAt.After(last.CompletedAt)):
			last = &list[i]
		}
	}
	if last == nil {
		out.Never = true
		return out, nil
	}
	now := s.deps.Clock()
	out.DueBy, out.Late = last.NextBy, !now.Before(last.NextBy)
	out.Soon = !out.Late && last.NextBy.Before(now.Add(reviewNotice))
	out.Last = &lastReview{AccessReview: *last, CompletedByName: name(last.CompletedBy)}
	if last.Removals == 0 {
		return out, nil
	}
	_, decided, err := s.deps.Reviews.AccessReview(r.Context(), last.ID)
	for _, m := range decided {
		if m.Decision == "remove" {
			member, known := byID[m.StaffID]
			out.Last.Removals = append(out.Last.Removals, removal{StaffID: m.StaffID, Name: name(m.StaffID), Reason: m.Reason,
				Inactive: known && !member.Active})
		}
	}
	return out, err
}

// reviewsCaughtUp waits, at most the read-your-writes bound, until the
// reviews' read model has applied the log as it stands now. False when it
// has not (lagging, or stopped after an error), and at once while it is
// rebuilt in place (the runtime's own answer, which the layout's banner
// reads too: waiting would cost every load of the start page the whole
// bound): the reminder then says it cannot tell, rather than "none
// completed" of a review the log holds. An error is only the database's
// or the request's own.
func (s *Handlers) reviewsCaughtUp(ctx context.Context) (bool, error) {
	rebuilding, err := s.Shared().Projections.Rebuilding(ctx)
	if err != nil || slices.Contains(rebuilding, reviewsProjector) {
		return false, err
	}
	head, err := s.deps.Log.Head(ctx)
	if err != nil {
		return false, err
	}
	wait, cancel := context.WithTimeout(ctx, s.Config().ReadYourWrites)
	defer cancel()
	if err := s.Shared().Projections.WaitFor(wait, reviewsProjector, head); err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		s.Log().LogAttrs(ctx, slog.LevelWarn, "access review reminder: read model behind the log",
			slog.String("projector", reviewsProjector), slog.String("position", head.String()),
			slog.String("error", domain.Loggable(err)), slog.String("correlation_id", web.CorrelationID(ctx)))
		return false, nil
	}
	return true, nil
}
