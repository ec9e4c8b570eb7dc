package dpo

import (
	"slices"
	"time"

	"github.com/klient-crm/klient/domain"
)

// An access review: every so many months the firm checks who may see
// what (art. 5.2, 32.1 d, and the bar's duty of confidentiality) — each
// staff member's roles, teams, direct grants on matters and the ethical
// walls that keep them out — and for each decides to keep it or to have
// it removed, with a reason.
// The AccessReview aggregate on stream "access-review-<reviewID>" starts
// with a snapshot of the staff as they stood, takes one decision per
// member (a later one replaces it until the review is completed), and is
// completed once every member is decided, setting when the next is due.
// The events are the evidence an auditor prints.

// ReviewedMember is one staff member as the review found them. Staff are
// named by ID; a name is the staff directory's.
type ReviewedMember struct {
	StaffID string   `json:"staff_id"`
	Roles   []string `json:"roles"`
	Teams   []string `json:"teams,omitempty"`
	Walls   []string `json:"walls,omitempty"` // IDs of the standing walls that keep them out
	// Grants are the matters they were granted directly, outside the
	// matter's team (IDs): access no role or team explains.
	Grants []string `json:"grants,omitempty"`
}

// AccessReviewStarted: the review began, with the staff as they stood.
type AccessReviewStarted struct {
	ReviewID  string           `json:"review_id"`
	StartedAt time.Time        `json:"started_at"`
	Members   []ReviewedMember `json:"members"`
	StartedBy string           `json:"started_by"`
}

// AccessReviewDecided: the reviewer kept a member's access as it stands,
// or asked for it to be removed; Reason says why (it may speak of the
// person, so it is sealed with the review's key).
type AccessReviewDecided struct {
	ReviewID  string `json:"review_id"`
	StaffID   string `json:"staff_id"`
	Keep      bool   `json:"keep"`
	Reason    string `json:"reason,omitempty" personal:"ReviewID"`
	DecidedBy string `json:"decided_by"`
}

// AccessReviewCompleted: every member decided; the next review is due by
// NextBy.
type AccessReviewCompleted struct {
	ReviewID    string    `json:"review_id"`
	CompletedAt time.Time `json:"completed_at"`
	NextBy      time.Time `json:"next_by"`
	CompletedBy string    `json:"completed_by"`
}

// Event types of the access review are stored forever: never rename them.
const (
	TypeAccessReviewStarted   = "dpo.AccessReviewStarted"
	TypeAccessReviewDecided   = "dpo.AccessReviewDecided"
	TypeAccessReviewCompleted = "dpo.AccessReviewCompleted"
)

func (AccessReviewStarted) EventType() string   { return TypeAccessReviewStarted }
func (AccessReviewDecided) EventType() string   { return TypeAccessReviewDecided }
func (AccessReviewCompleted) EventType() string { return TypeAccessReviewCompleted }

func (AccessReviewStarted) SchemaVersion() int   { return 1 }
func (AccessReviewDecided) SchemaVersion() int   { return 1 }
func (AccessReviewCompleted) SchemaVersion() int { return 1 }

// AccessReviewStreamName is the stream of one access review.
func AccessReviewStreamName(id string) string { return "access-review-" + id }

// AccessReview is the aggregate.
type AccessReview struct {
	started   bool
	completed bool
	members   []string
	decided   map[string]AccessReviewDecided
}

// Exists reports whether the review was started.
func (a *AccessReview) Exists() bool { return a.started }

// Apply evolves the review.
func (a *AccessReview) Apply(ev domain.Event) {
	switch e := ev.(type) {
	case AccessReviewStarted:
		a.started, a.decided = true, map[string]AccessReviewDecided{}
		for _, m := range e.Members {
			a.members = append(a.members, m.StaffID)
		}
	case AccessReviewDecided:
		a.decided[e.StaffID] = e
	case AccessReviewCompleted:
		a.completed = true
	}
}

// Start decides to start the review over members: at least one, each
// once.
func (a *AccessReview) Start(e AccessReviewStarted) ([]domain.Event, error) {
	var probs domain.Problems
	if len(e.Members) == 0 {
		probs.Add(domain.Invalid("members", "there is no one to review").WithCode("dpo.review.no_members"))
	}
	var seen []string
	for _, m := range e.Members {
		if slices.Contains(seen, m.StaffID) || !domain.ValidID(m.StaffID) {
			probs.Add(domain.Invalid("members", "each member once, by ID").WithCode("dpo.review.members"))
			break
		}
		seen = append(seen, m.StaffID)
	}
	probs.Add(checkID("review_id", e.ReviewID, "dpo.review.id"))
	probs.Add(checkID("started_by", e.StartedBy, "dpo.actor.id"))
	if err := probs.Err(); err != nil {
		return nil, err
	}
	if a.started {
		return nil, nil
	}
	return []domain.Event{e}, nil
}

// Decide decides on one member of an open review: removing needs a
// reason; the same decision again decides nothing.
func (a *AccessReview) Decide(e AccessReviewDecided) ([]domain.Event, error) {
	if err := a.open(); err != nil {
		return nil, err
	}
	if !slices.Contains(a.members, e.StaffID) {
		return nil, domain.Invalid("staff_id", "this member is not in the review").WithCode("dpo.review.not_member")
	}
	var err error
	e.Reason, err = cleanBlock("reason", e.Reason, !e.Keep)
	if err != nil {
		return nil, err
	}
	if err := checkID("decided_by", e.DecidedBy, "dpo.actor.id"); err != nil {
		return nil, err
	}
	if prev, ok := a.decided[e.StaffID]; ok && prev.Keep == e.Keep && prev.Reason == e.Reason {
		return nil, nil
	}
	return []domain.Event{e}, nil
}

// Complete decides to complete an open review once every member is
// decided; the next review is due by e.NextBy, after e.CompletedAt.
func (a *AccessReview) Complete(e AccessReviewCompleted) ([]domain.Event, error) {
	if err := a.open(); err != nil {
		return nil, err
	}
	if len(a.decided) < len(a.members) {
		return nil, domain.Conflict("decide on every member first").WithCode("dpo.review.undecided")
	}
	if !e.NextBy.After(e.CompletedAt) {
		return nil, domain.Invalid("next_by", "the next review comes after this one").WithCode("dpo.review.next_by")
	}
	if err := checkID("completed_by", e.CompletedBy, "dpo.actor.id"); err != nil {
		return nil, err
	}
	return []domain.Event{e}, nil
}

func (a *AccessReview) open() error {
	switch {
	case !a.started:
		return domain.NotFound("there is no such access review").WithCode("dpo.review.not_found")
	case a.completed:
		return domain.Conflict("the access review is completed").WithCode("dpo.review.completed")
	}
	return nil
}
