package dpo

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	dpocmd "github.com/klient-crm/klient/commands/dpo"
	"github.com/klient-crm/klient/domain"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/http/web"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
	mattermodel "github.com/klient-crm/klient/projections/matters"
	staffmodel "github.com/klient-crm/klient/projections/staff"
)

// Access reviews: every Deps.ReviewEvery months the DPO goes through who
// may see what — each active staff member's roles, teams and the ethical
// walls that keep them out, as they stood when the review started — and
// keeps each or asks for it to be removed, with a reason. A completed
// review is the evidence an auditor prints; it sets when the next is due,
// which the DPO's start page shows. Removing a role is the
// administrator's (/admin/staff): the review records the request.

// AccessReviewer is the write side of the access reviews.
type AccessReviewer interface {
	Start(ctx context.Context, cmd dpocmd.StartAccessReview) (dpocmd.ReviewResult, error)
	Decide(ctx context.Context, cmd dpocmd.DecideAccess) (dpocmd.ReviewResult, error)
	Complete(ctx context.Context, cmd dpocmd.CompleteAccessReview) (dpocmd.ReviewResult, error)
}

var _ AccessReviewer = (*dpocmd.AccessReviews)(nil)

// LogHead is the position of the log's last event committed, even one
// the store does not show its readers yet (*projections.Runtime).
type LogHead interface {
	Head(ctx context.Context) (eventstore.Position, error)
}

// errStaffBehind refuses to start a review from a staff directory that
// has not caught up with the log: the snapshot is evidence of who had
// access, and one read from a lagging directory would leave out (or keep
// in) whoever changed last. Nothing is written; asked again, it starts.
var errStaffBehind = domain.Conflict("the staff directory has not caught up with the latest changes; try again in a moment").
	WithCode("dpo.review.staff_behind")

// staffCaughtUp waits, at most the read-your-writes bound, until the
// staff read model (roles, teams, walls) and the matters' (direct
// grants) have applied the whole log as it stands now.
func (s *Handlers) staffCaughtUp(ctx context.Context) error {
	head, err := s.deps.Log.Head(ctx)
	if err != nil {
		return err
	}
	wait, cancel := context.WithTimeout(ctx, s.Config().ReadYourWrites)
	defer cancel()
	for _, projector := range []string{web.StaffProjector, mattermodel.Name} {
		if err := s.Shared().Projections.WaitFor(wait, projector, head); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return errors.Join(errStaffBehind, err)
		}
	}
	return nil
}

// staffToReview is every active staff member as they stand: roles, teams,
// the matters granted to them directly and the standing walls that name
// them or one of their teams.
func staffToReview(ctx context.Context, db dpomodel.DB) ([]domaindpo.ReviewedMember, error) {
	members, err := staffmodel.List(ctx, db)
	if err != nil {
		return nil, err
	}
	walls, err := staffmodel.ActiveWalls(ctx, db)
	if err != nil {
		return nil, err
	}
	grants, err := mattermodel.DirectGrants(ctx, db)
	if err != nil {
		return nil, err
	}
	var out []domaindpo.ReviewedMember
	for _, m := range members {
		if !m.Active || m.Erased {
			continue
		}
		rm := domaindpo.ReviewedMember{StaffID: m.ID, Teams: m.Teams, Grants: grants[m.ID]}
		for _, r := range m.Roles {
			rm.Roles = append(rm.Roles, string(r))
		}
		for _, w := range walls {
			if slices.Contains(w.Users, m.ID) || slices.ContainsFunc(w.Teams, func(t string) bool { return slices.Contains(m.Teams, t) }) {
				rm.Walls = append(rm.Walls, w.ID)
			}
		}
		out = append(out, rm)
	}
	return out, nil
}

// reviewRow is a review as the list shows it.
type reviewRow struct {
	dpomodel.AccessReview
	StartedByName, CompletedByName string
}

// reviewDue is when the next review is due, as the list and the start
// page say it.
type reviewDue struct {
	Never   bool      // no review was ever completed: one is due now
	DueBy   time.Time // otherwise the day
	Overdue bool
	Open    string // the review under way
}

func (s *Handlers) reviewDue(ctx context.Context) (reviewDue, error) {
	due, found, open, err := s.deps.Register.AccessReviewDue(ctx)
	return reviewDue{Never: !found, DueBy: due, Overdue: found && !s.deps.Clock().Before(due), Open: open}, err
}

type reviewsPage struct {
	NewID     string // the review the start button starts, so a resent form starts no second one
	Due       reviewDue
	Reviews   []reviewRow
	Every     int
	MayDecide bool
}

func (s *Handlers) accessReviewsPage(w http.ResponseWriter, r *http.Request) {
	list, err := s.deps.Register.AccessReviews(r.Context())
	var due reviewDue
	if err == nil {
		due, err = s.reviewDue(r.Context())
	}
	var names map[string]string
	if err == nil {
		names, err = s.StaffNames(r)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page := reviewsPage{NewID: uuid.Must(uuid.NewV7()).String(), Due: due, Every: s.deps.ReviewEvery, MayDecide: mayDecide(r)}
	for _, a := range list {
		page.Reviews = append(page.Reviews, reviewRow{AccessReview: a, StartedByName: nameOf(names, a.StartedBy),
			CompletedByName: nameOf(names, a.CompletedBy)})
	}
	s.RenderPage(w, r, http.StatusOK, "dpo_access_reviews", page)
}

func (s *Handlers) startReview(ctx context.Context, r *http.Request, id string) (dpocmd.ReviewResult, error) {
	if err := s.staffCaughtUp(ctx); err != nil {
		return dpocmd.ReviewResult{}, err
	}
	members, err := s.deps.Register.StaffToReview(ctx)
	if err != nil {
		return dpocmd.ReviewResult{}, err
	}
	return s.deps.Reviews.Start(ctx, dpocmd.StartAccessReview{Actor: s.Actor(r), ReviewID: id, Members: members})
}

func (s *Handlers) startReviewPage(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	id := r.PostForm.Get("review_id")
	var res dpocmd.ReviewResult
	var err error
	if id == "" { // a form the page did not make: start nothing
		err = web.BadRequest(web.ErrMalformed, "review_id", "dpo.review.id", "this is not a review ID")
	} else {
		res, err = s.startReview(r.Context(), r, id)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	http.Redirect(w, r, "/registers/access-reviews/"+res.ReviewID, http.StatusSeeOther)
}

// memberLine is a member of a review as its page shows them: named, the
// roles and the decision.
type memberLine struct {
	dpomodel.ReviewedMember
	Name, DecidedByName string
	GrantNames          []string // the matters granted directly, named as the reader may know them
}

type reviewPage struct {
	reviewRow
	Members   []memberLine
	Open      bool
	MayDecide bool
	Done      string
	// Refused is the member whose decision was refused, with why and
	// what was sent.
	Refused                         string
	RefusedMessage, RefusedDecision string
	RefusedReason                   string
}

func (s *Handlers) accessReviewPage(w http.ResponseWriter, r *http.Request) {
	s.renderReview(w, r, http.StatusOK, reviewPage{Done: r.URL.Query().Get("done")})
}

// renderReview shows the review named by the path, with page's message.
func (s *Handlers) renderReview(w http.ResponseWriter, r *http.Request, status int, page reviewPage) {
	a, members, err := s.deps.Register.AccessReview(r.Context(), chi.URLParam(r, "id"))
	var names map[string]string
	if err == nil {
		names, err = s.StaffNames(r)
	}
	var matters map[string]web.SubjectRef
	if err == nil {
		var subjects []string
		for _, m := range members {
			for _, id := range m.Grants {
				subjects = append(subjects, matter.Subject(id))
			}
		}
		matters, err = s.NameSubjects(r, subjects)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.reviewRow = reviewRow{AccessReview: a, StartedByName: nameOf(names, a.StartedBy), CompletedByName: nameOf(names, a.CompletedBy)}
	page.Open = a.CompletedAt.IsZero()
	page.MayDecide = page.Open && mayDecide(r)
	for _, m := range members {
		line := memberLine{ReviewedMember: m, Name: nameOf(names, m.StaffID), DecidedByName: nameOf(names, m.DecidedBy)}
		for _, id := range m.Grants {
			line.GrantNames = append(line.GrantNames, matters[matter.Subject(id)].Name)
		}
		page.Members = append(page.Members, line)
	}
	s.RenderPage(w, r, status, "dpo_access_review", page)
}

func (s *Handlers) decideAccess(ctx context.Context, r *http.Request, id, staffID, decision, reason string) (dpocmd.ReviewResult, error) {
	if decision != "keep" && decision != "remove" {
		return dpocmd.ReviewResult{}, domain.Invalid("decision", "keep or remove").WithCode("dpo.review.decision")
	}
	return s.deps.Reviews.Decide(ctx, dpocmd.DecideAccess{Actor: s.Actor(r), ReviewID: id, StaffID: staffID, Keep: decision == "keep",
		Reason: reason})
}

// decideAccessPage takes one member's decision; a refusal (removing
// without a reason) comes back as the page's message by that member.
func (s *Handlers) decideAccessPage(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	id, staffID := chi.URLParam(r, "id"), r.PostForm.Get("staff_id")
	res, err := s.decideAccess(r.Context(), r, id, staffID, r.PostForm.Get("decision"), r.PostForm.Get("reason"))
	if err != nil {
		form, status, ok := s.FailedForm(r, err, "/registers/access-reviews/"+id)
		if !ok || domain.KindOf(err) == domain.KindNotFound {
			s.Fail(w, r, err)
			return
		}
		msg := form.Summary
		for _, p := range form.Problems() {
			msg = p.Message
		}
		s.renderReview(w, r, status, reviewPage{Refused: staffID, RefusedMessage: msg, RefusedDecision: r.PostForm.Get("decision"),
			RefusedReason: r.PostForm.Get("reason")})
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	http.Redirect(w, r, "/registers/access-reviews/"+id+"?done=decided#member-"+staffID, http.StatusSeeOther)
}

func (s *Handlers) completeReviewPage(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	res, err := s.deps.Reviews.Complete(r.Context(), dpocmd.CompleteAccessReview{Actor: s.Actor(r), ReviewID: id, Every: s.deps.ReviewEvery})
	if err != nil {
		if domain.KindOf(err) == domain.KindConflict {
			http.Redirect(w, r, "/registers/access-reviews/"+id+"?done=undecided", http.StatusSeeOther)
			return
		}
		s.Fail(w, r, err)
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	http.Redirect(w, r, "/registers/access-reviews/"+id+"?done=completed", http.StatusSeeOther)
}

// askCompletion asks before completing: a completed review takes no more
// decisions. An unknown review answers 404.
func (s *Handlers) askCompletion(r *http.Request) (*web.Confirmation, error) {
	a, _, err := s.deps.Register.AccessReview(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		return nil, err
	}
	return &web.Confirmation{Question: "confirm.review.complete", Args: []any{a.Members, a.Removals},
		Consequence: "confirm.review.complete.consequence", Button: "confirm.review.complete.button",
		Back: "/registers/access-reviews/" + a.ID}, nil
}

// AccessReviewJSON is an access review as the API shows it; Members only
// on one review's answer.
type AccessReviewJSON struct {
	ID          string             `json:"id"`
	StartedAt   time.Time          `json:"started_at"`
	StartedBy   string             `json:"started_by"`
	CompletedAt *time.Time         `json:"completed_at,omitempty"`
	CompletedBy string             `json:"completed_by,omitempty"`
	NextBy      string             `json:"next_by,omitempty"` // the day the next review is due
	Counts      ReviewCountsJSON   `json:"counts"`
	Members     []ReviewMemberJSON `json:"members,omitempty"`
}

// ReviewCountsJSON counts a review's members.
type ReviewCountsJSON struct {
	Members  int `json:"members"`
	Decided  int `json:"decided"`
	Removals int `json:"removals"`
}

// ReviewMemberJSON is a member as the review found them, with the
// decision on them (staff by ID, as everywhere in the API).
type ReviewMemberJSON struct {
	StaffID   string     `json:"staff_id"`
	Roles     []string   `json:"roles"`
	Teams     []string   `json:"teams"`
	Walls     []string   `json:"walls"`
	Grants    []string   `json:"grants"`             // matters granted directly, outside their teams (IDs)
	Decision  string     `json:"decision,omitempty"` // keep or remove
	Reason    string     `json:"reason,omitempty"`
	DecidedBy string     `json:"decided_by,omitempty"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`
}

// AccessDecisionJSON keeps a member's access or asks for its removal.
type AccessDecisionJSON struct {
	StaffID  string `json:"staff_id"`
	Decision string `json:"decision"` // keep or remove
	Reason   string `json:"reason,omitempty"`
}

func reviewOut(a dpomodel.AccessReview, members []dpomodel.ReviewedMember) AccessReviewJSON {
	out := AccessReviewJSON{ID: a.ID, StartedAt: a.StartedAt, StartedBy: a.StartedBy, CompletedAt: timeOrNil(a.CompletedAt),
		CompletedBy: a.CompletedBy, NextBy: day(a.NextBy), Counts: ReviewCountsJSON{a.Members, a.Decided, a.Removals}}
	for _, m := range members {
		out.Members = append(out.Members, ReviewMemberJSON{StaffID: m.StaffID, Roles: m.Roles, Teams: m.Teams, Walls: m.Walls,
			Grants: m.Grants, Decision: m.Decision, Reason: m.Reason, DecidedBy: m.DecidedBy, DecidedAt: timeOrNil(m.DecidedAt)})
	}
	return out
}

func (s *Handlers) apiListReviews(w http.ResponseWriter, r *http.Request) {
	list, err := s.deps.Register.AccessReviews(r.Context())
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	items := []AccessReviewJSON{}
	for _, a := range list {
		items = append(items, reviewOut(a, nil))
	}
	web.WriteJSON(w, http.StatusOK, web.PageJSON(items, ""))
}

func (s *Handlers) writeReview(w http.ResponseWriter, r *http.Request, id string, status int) {
	a, members, err := s.deps.Register.AccessReview(r.Context(), id)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, status, reviewOut(a, members))
}

func (s *Handlers) apiGetReview(w http.ResponseWriter, r *http.Request) {
	s.writeReview(w, r, chi.URLParam(r, "id"), http.StatusOK)
}

// apiStartReview starts a review over the staff as they stand; the body
// is a JSON object, {} or {"id": …} for safe resending.
func (s *Handlers) apiStartReview(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ID string `json:"id,omitempty"`
	}
	if err := web.DecodeJSON(r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	res, err := s.startReview(r.Context(), r, in.ID)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	w.Header().Set("Location", "/api/v1/access-reviews/"+res.ReviewID)
	s.writeReview(w, r, res.ReviewID, http.StatusCreated)
}

func (s *Handlers) apiDecideAccess(w http.ResponseWriter, r *http.Request) {
	var in AccessDecisionJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	id := chi.URLParam(r, "id")
	res, err := s.decideAccess(r.Context(), r, id, in.StaffID, in.Decision, in.Reason)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	s.writeReview(w, r, id, http.StatusOK)
}

func (s *Handlers) apiCompleteReview(w http.ResponseWriter, r *http.Request) {
	id := chi.URLParam(r, "id")
	res, err := s.deps.Reviews.Complete(r.Context(), dpocmd.CompleteAccessReview{Actor: s.Actor(r), ReviewID: id, Every: s.deps.ReviewEvery})
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	s.Await(r.Context(), breachProjector, res.Position)
	s.writeReview(w, r, id, http.StatusOK)
}
