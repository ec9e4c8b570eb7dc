package gdpr

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// SubjectFacts is what RequestErasure asks of the read models: the
// matters a subject is a party (or client) to with their closing dates,
// bookkeeping dates and so on. The matters read model implements it.
type SubjectFacts interface {
	FactsOf(ctx context.Context, subjectID string) (domaingdpr.SubjectFacts, error)
}

// RequestErasure weighs an erasure request (art. 17) against the
// statutory holds (art. 17.3) and records the outcome on the subject.
type RequestErasure struct {
	Actor     journal.Actor // recorded as requester and approver
	RequestID string        // a data-subject request of kind erasure, identity verified
}

// ErasurePlan is what RequestErasure came to.
type ErasurePlan struct {
	SubjectResult
	Approved bool            // ErasureApproved is recorded: the executor's turn
	Held     domaingdpr.Held // what holds the erasure back, when it does
	DueOn    work.Date       // the day a scheduled erasure falls due (zero: none)
}

// RequestErasureHandler handles RequestErasure.
type RequestErasureHandler struct {
	subjects *Subjects
	requests *Requests
	facts    SubjectFacts
	rules    domaingdpr.RetentionRules
}

// NewRequestErasureHandler returns the handler; rules is the firm's
// retention schedule (gdpr.DefaultRetentionRules, overridden from its file).
func NewRequestErasureHandler(subjects *Subjects, requests *Requests, facts SubjectFacts, rules domaingdpr.RetentionRules) (*RequestErasureHandler, error) {
	if subjects == nil || requests == nil || facts == nil {
		return nil, errors.New("commands.NewRequestErasureHandler: subjects, requests and facts are all required")
	}
	if err := rules.Validate(); err != nil {
		return nil, err
	}
	return &RequestErasureHandler{subjects: subjects, requests: requests, facts: facts, rules: rules}, nil
}

// Handle decides the erasure:
//   - no hold: ErasureApproved; the plan says Approved and err is nil;
//   - holds with an end: the subject is restricted and the erasure
//     scheduled for the day after the last hold (ErasureScheduled, which
//     DueErasures reports on that day); the plan says where, AND err is
//     the refusal, code "gdpr.erasure.held", naming grounds and date: the
//     events are written although err is set;
//   - a matter still open: "gdpr.erasure.held_open_matter", nothing written.
//
// The request must be of kind erasure with a verified identity, and open,
// unless its erasure is already scheduled: the scheduler sends the same
// command on the due day, long after the request was answered, and the
// holds are weighed afresh (approved, or scheduled anew).
func (h *RequestErasureHandler) Handle(ctx context.Context, cmd RequestErasure) (ErasurePlan, error) {
	req, err := h.erasureRequest(ctx, cmd)
	if err != nil {
		return ErasurePlan{}, err
	}
	facts, err := h.facts.FactsOf(ctx, req.SubjectID())
	if err != nil {
		return ErasurePlan{}, journal.AsDomainError(err)
	}
	var plan ErasurePlan
	res, err := h.subjects.decide(ctx, cmd.Actor, req.SubjectID(), func(s *domaingdpr.Subject, now time.Time) (verdict, error) {
		if req.Status() != domaingdpr.StatusOpen && s.ErasureDue(req.ID()).IsZero() && !s.ErasureApproved(req.ID()) {
			return verdict{}, domain.Conflict("this request has already been answered").WithCode("gdpr.request.closed")
		}
		evs, held, refusal := s.PlanErasure(req.ID(), cmd.Actor.ID, domaingdpr.Holds(facts, h.rules, now), now)
		if refusal != nil && (held.OpenEnded || len(held.Grounds) == 0) {
			plan.Held = held          // the grounds and open matters, for the refusal's reader
			return verdict{}, refusal // an open matter, or a refusal of another kind: nothing to write
		}
		plan = ErasurePlan{Approved: refusal == nil, Held: held, DueOn: held.DueOn()}
		return verdict{events: evs, refusal: refusal}, nil
	})
	plan.SubjectResult = res
	return plan, err
}

// erasureRequest loads the request cmd names and checks it may lead to an
// erasure: one of kind erasure whose requester has proved who they are.
func (h *RequestErasureHandler) erasureRequest(ctx context.Context, cmd RequestErasure) (*domaingdpr.Request, error) {
	if err := cmd.Actor.Check(); err != nil {
		return nil, err
	}
	id, err := existingRequestID(cmd.RequestID)
	if err != nil {
		return nil, err
	}
	req, _, err := h.requests.loader(id)(ctx)
	switch {
	case err != nil:
		return nil, err
	case !req.Exists():
		return nil, domain.NotFound("there is no such request").WithCode("gdpr.request.not_found")
	case req.Kind() != domaingdpr.KindErasure:
		return nil, domain.Invalid("request_id", "this is not an erasure request").WithCode("gdpr.erasure.not_erasure_request")
	case !req.Verified():
		return nil, domain.Conflict("verify the requester's identity first").WithCode("gdpr.request.unverified")
	}
	return req, nil
}
