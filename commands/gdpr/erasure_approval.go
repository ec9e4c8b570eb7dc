package gdpr

import (
	"context"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// approved names the subject and request of cmd once the erasure may go
// ahead: approved, or scheduled and due today, when the holds are weighed
// again (RequestErasure records the approval, or says what still holds).
func (h *EraseSubjectHandler) approved(ctx context.Context, cmd EraseSubject) (subject, requestID string, err error) {
	req, err := h.erasureRequest(ctx, cmd)
	if err != nil {
		return "", "", err
	}
	s, _, err := h.d.Subjects.load(ctx, req.SubjectID())
	if err != nil {
		return "", "", err
	}
	if s.ErasureApproved(req.ID()) {
		return req.SubjectID(), req.ID(), nil
	}
	due := s.ErasureDue(req.ID())
	if due.IsZero() || work.DateOf(h.d.Subjects.journal.Now()).Before(due) {
		return "", "", domain.Conflict("this erasure has not been approved").WithCode("gdpr.erasure.not_approved")
	}
	if _, err := h.d.Planner.Handle(ctx, RequestErasure{Actor: cmd.Actor, RequestID: req.ID()}); err != nil {
		return "", "", err
	}
	return req.SubjectID(), req.ID(), nil
}

// erasureRequest loads the request cmd names and checks it is an erasure
// of cmd's subject. Identity and status were RequestErasure's to check:
// an approval is on record only when they passed.
func (h *EraseSubjectHandler) erasureRequest(ctx context.Context, cmd EraseSubject) (*domaingdpr.Request, error) {
	if err := cmd.Actor.Check(); err != nil {
		return nil, err
	}
	id, err := existingRequestID(cmd.RequestID)
	if err != nil {
		return nil, err
	}
	req, _, err := h.d.Requests.loader(id)(ctx)
	switch {
	case err != nil:
		return nil, err
	case !req.Exists():
		return nil, domain.NotFound("there is no such request").WithCode("gdpr.request.not_found")
	case req.Kind() != domaingdpr.KindErasure:
		return nil, domain.Invalid("request_id", "this is not an erasure request").WithCode("gdpr.erasure.not_erasure_request")
	case cmd.SubjectID != "" && journal.CanonicalID(cmd.SubjectID) != req.SubjectID():
		return nil, domain.Invalid("subject_id", "this request is about another data subject").WithCode("gdpr.erasure.wrong_subject")
	}
	return req, nil
}
