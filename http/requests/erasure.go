package requests

import (
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/http/web"
)

// erasureOutcome is what "approve and erase" came to: carried out (Result),
// or held back by the law (Held, with the plan's grounds and dates).
type erasureOutcome struct {
	Result gdprcmd.ErasureResult
	Held   *gdpr.Held
}

// approveAndErase weighs the erasure request against the statutory holds
// and, when none applies, carries it out at once with the scheduler's own
// executor. A hold with an end date restricts the person and schedules
// the erasure (the events are written, and Held says until when); an open
// matter, or any other refusal, is the error and writes nothing.
//
// The erasure's verification (every read model has blanked the person)
// is started through VerifyErasure and not awaited: it may wait minutes
// for a slow projector. The request waits, bounded, only for the GDPR
// and contacts read models, so the certificate and the contact pages the
// DPO goes to next already show the erasure.
func (s *Handlers) approveAndErase(r *http.Request, requestID string) (erasureOutcome, error) {
	actor := s.Actor(r)
	plan, err := s.deps.Plan.Handle(r.Context(), gdprcmd.RequestErasure{Actor: actor, RequestID: requestID})
	if web.HasCode(err, "gdpr.erasure.held") && len(plan.Held.Grounds) > 0 {
		s.Await(r.Context(), requestRegisterProjector, plan.Position)
		s.Await(r.Context(), web.ContactsProjector, plan.Position)
		return erasureOutcome{Held: &plan.Held}, nil
	}
	if web.HasCode(err, "gdpr.erasure.held_open_matter") {
		return erasureOutcome{Held: &plan.Held}, err
	}
	if err != nil {
		return erasureOutcome{}, err
	}
	if !plan.Approved {
		return erasureOutcome{}, domain.Conflict("this erasure has not been approved").WithCode("gdpr.erasure.not_approved")
	}
	res, err := s.deps.Erase.Handle(r.Context(), gdprcmd.EraseSubject{Actor: actor, RequestID: requestID})
	if err != nil {
		return erasureOutcome{}, err
	}
	s.Log().LogAttrs(r.Context(), slog.LevelInfo, "subject erased", slog.String("request_id", res.RequestID),
		slog.Int("streams_unreadable", len(res.EventsUnreadable)), slog.Int64("documents_deleted", res.DocumentsDeleted),
		slog.Int64("held_mail_destroyed", res.HeldMailDestroyed), slog.String("correlation_id", web.CorrelationID(r.Context())))
	s.deps.VerifyErasure(r.Context(), res)
	s.Await(r.Context(), requestRegisterProjector, res.Position)
	s.Await(r.Context(), web.ContactsProjector, res.Position)
	return erasureOutcome{Result: res}, nil
}

// eraseRequest is the request page's "approve and erase": the certificate
// when carried out, the request with its hold when held back, the request
// with the refusal otherwise.
func (s *Handlers) eraseRequest(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	page, err := s.requestView(r, chi.URLParam(r, "id"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	out, err := s.approveAndErase(r, page.RequestID)
	switch {
	case err != nil:
		s.showRequestFailure(w, r, page, err)
	case out.Held != nil:
		http.Redirect(w, r, "/gdpr/requests/"+page.RequestID+"?done=held", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/gdpr/erasures/"+page.RequestID, http.StatusSeeOther)
	}
}
