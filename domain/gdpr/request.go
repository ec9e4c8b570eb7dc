package gdpr

import (
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/work"
)

// Request is the aggregate of one data-subject request; its zero value is
// the state before the first event. Receive, VerifyIdentity, Extend,
// Assign, Complete and Refuse decide; Apply evolves.
type Request struct {
	received DataSubjectRequestReceived
	deadline work.Date
	extended bool
	verified bool
	handler  string
	status   RequestStatus
	applied  uint64
}

// Exists reports whether the request has been received.
func (r *Request) Exists() bool { return r.applied > 0 }

// Version is the stream version of the last applied event (meaningful only
// when Exists).
func (r *Request) Version() uint64 { return r.applied - 1 }

// ID is the request's ID.
func (r *Request) ID() string { return r.received.RequestID }

// SubjectID is the data subject who made the request.
func (r *Request) SubjectID() string { return r.received.SubjectID }

// Kind is the right the request invokes.
func (r *Request) Kind() RequestKind { return r.received.Kind }

// Status is open, completed or refused.
func (r *Request) Status() RequestStatus { return r.status }

// Deadline is the last day to answer, extended or not.
func (r *Request) Deadline() work.Date { return r.deadline }

// Verified reports that the requester's identity was checked.
func (r *Request) Verified() bool { return r.verified }

// Handler is the staff member answering it ("" until assigned).
func (r *Request) Handler() string { return r.handler }

// Apply evolves the request by one of its events, in stream order; it
// never fails, and an event of another kind only counts.
func (r *Request) Apply(ev domain.Event) {
	r.applied++
	switch e := ev.(type) {
	case DataSubjectRequestReceived:
		r.received, r.status, r.deadline = e, StatusOpen, Deadline(e.ReceivedAt)
	case IdentityVerified:
		r.verified = true
	case RequestDeadlineExtended:
		r.deadline, r.extended = e.NewDeadline, true
	case RequestAssigned:
		r.handler = e.Handler
	case RequestCompleted:
		r.status = StatusCompleted
	case RequestRefused:
		r.status = StatusRefused
	}
}

// open is the first check of every decision but Receive: the request must
// exist and still await its answer. One already closed the way done
// closes it decides nothing, so a retried answer is harmless; the steps
// before an answer pass StatusOpen, so a closed request refuses them.
func (r *Request) open(done RequestStatus) (bool, error) {
	switch {
	case !r.Exists():
		return false, domain.NotFound("there is no such request").WithCode("gdpr.request.not_found")
	case r.status == StatusOpen:
		return true, nil
	case r.status == done:
		return false, nil
	}
	return false, domain.Conflict("this request has already been answered").WithCode("gdpr.request.closed")
}
