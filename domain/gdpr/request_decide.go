package gdpr

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// Receive decides to register request e, received at e.ReceivedAt (no
// later than now). The same request again under its ID decides nothing;
// other terms under that ID are a conflict.
func (r *Request) Receive(e DataSubjectRequestReceived, now time.Time) ([]domain.Event, error) {
	var noteErr, atErr error
	e.RequesterNote, noteErr = cleanBlock("requester_note", e.RequesterNote, false)
	e.ReceivedAt = e.ReceivedAt.UTC()
	switch {
	case e.ReceivedAt.IsZero():
		atErr = domain.Invalid("received_at", "say when the request arrived").WithCode("gdpr.request.received_at_required")
	case e.ReceivedAt.After(now):
		atErr = domain.Invalid("received_at", "a request cannot arrive in the future").WithCode("gdpr.request.received_in_future")
	}
	err := domain.JoinProblems(
		checkID(e.RequestID, notAnID("request_id").WithCode("gdpr.request.id")),
		checkID(e.SubjectID, notAnID("subject_id").WithCode("gdpr.subject.id")),
		oneOf(e.Kind, RequestKinds, notListed("kind").WithCode("gdpr.request.kind")),
		oneOf(e.Channel, Channels, notListed("channel").WithCode("gdpr.request.channel")),
		noteErr, atErr)
	switch {
	case err != nil:
		return nil, err
	case !r.Exists():
		return []domain.Event{e}, nil
	case !sameRequest(r.received, e):
		return nil, domain.Conflict("another request is registered under this ID").WithCode("gdpr.request.id_taken")
	}
	return nil, nil
}

func sameRequest(a, b DataSubjectRequestReceived) bool {
	return a.RequestID == b.RequestID && a.SubjectID == b.SubjectID && a.Kind == b.Kind &&
		a.ReceivedAt.Equal(b.ReceivedAt) && a.Channel == b.Channel && a.RequesterNote == b.RequesterNote
}

// VerifyIdentity decides that by checked the requester's identity, how
// (art. 12.6). A verified request decides nothing.
func (r *Request) VerifyIdentity(how, by string) ([]domain.Event, error) {
	if ok, err := r.open(StatusOpen); !ok || err != nil {
		return nil, err
	}
	how, howErr := cleanLine("how", how, true)
	if err := domain.JoinProblems(howErr, checkID(by, notAnID("by").WithCode("gdpr.actor.id"))); err != nil || r.verified {
		return nil, err
	}
	return []domain.Event{IdentityVerified{RequestID: r.ID(), SubjectID: r.SubjectID(), How: how, By: by}}, nil
}

// Assign decides that handler answers the request; the same handler
// decides nothing.
func (r *Request) Assign(handler string) ([]domain.Event, error) {
	if ok, err := r.open(StatusOpen); !ok || err != nil {
		return nil, err
	}
	if err := checkID(handler, notAnID("handler").WithCode("gdpr.request.handler")); err != nil || handler == r.handler {
		return nil, err
	}
	return []domain.Event{RequestAssigned{RequestID: r.ID(), SubjectID: r.SubjectID(), Handler: handler}}, nil
}

// Complete decides the firm acted on the request at now; outcome (sealed,
// optional) says how. The identity must be checked first, but for an
// objection: stopping processing can harm no one. A completed request
// decides nothing.
func (r *Request) Complete(outcome string, now time.Time) ([]domain.Event, error) {
	if ok, err := r.open(StatusCompleted); !ok || err != nil {
		return nil, err
	}
	if !r.verified && r.Kind() != KindObjection {
		return nil, domain.Conflict("verify the requester's identity first").WithCode("gdpr.request.unverified")
	}
	outcome, err := cleanBlock("outcome", outcome, false)
	if err != nil {
		return nil, err
	}
	return []domain.Event{RequestCompleted{RequestID: r.ID(), SubjectID: r.SubjectID(), Outcome: outcome, CompletedAt: now.UTC()}}, nil
}

// Refuse decides the firm does not act, on ground (required: art. 12.4 has
// the subject told why, and of their right to complain to IMY). A refused
// request decides nothing.
func (r *Request) Refuse(ground string, now time.Time) ([]domain.Event, error) {
	if ok, err := r.open(StatusRefused); !ok || err != nil {
		return nil, err
	}
	ground, err := cleanBlock("ground", ground, true)
	if err != nil {
		return nil, err
	}
	return []domain.Event{RequestRefused{RequestID: r.ID(), SubjectID: r.SubjectID(), Ground: ground, RefusedAt: now.UTC()}}, nil
}
