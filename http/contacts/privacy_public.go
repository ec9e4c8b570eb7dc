package contacts

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/http/web"
)

// withdrawPage is the public page behind a withdrawal link. It names the
// consent's purpose and nothing else about the person: whoever holds the
// link may not be them.
type withdrawPage struct {
	State       string // confirm, done, invalid, expired, used
	Purpose     string
	Expires     time.Time
	WithdrawnAt time.Time
}

// The public page's states that are refusals, with their status.
var withdrawRefusals = map[string]int{
	"invalid": http.StatusNotFound,
	"expired": http.StatusGone,
	"used":    http.StatusConflict,
}

// errLinkUsed: the consent the link names is already withdrawn.
var errLinkUsed = errors.New("consent already withdrawn")

// consentWithdrawForm asks the person to confirm, naming the purpose only.
func (s *Handlers) consentWithdrawForm(w http.ResponseWriter, r *http.Request) {
	link, consent, err := s.linkedConsent(r)
	if err != nil {
		s.withdrawRefused(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "consent_withdraw", withdrawPage{State: "confirm",
		Purpose: purposeLabel(web.LangOf(r.Context()), consent.Purpose), Expires: link.Expires})
}

// consentWithdraw withdraws the consent on the person's click (via the
// existing handler, which checks the token again) and shows a receipt.
// Nothing is written for a tampered, expired or used link.
func (s *Handlers) consentWithdraw(w http.ResponseWriter, r *http.Request) {
	_, consent, err := s.linkedConsent(r)
	if err != nil {
		s.withdrawRefused(w, r, err)
		return
	}
	res, err := s.deps.Privacy.WithdrawByLink.Handle(r.Context(), gdprcmd.WithdrawConsentByLink{
		Token: linkToken(r), CorrelationID: web.CorrelationID(r.Context())})
	if err != nil {
		s.withdrawRefused(w, r, err)
		return
	}
	s.awaitRegister(r.Context(), res)
	s.RenderPage(w, r, http.StatusOK, "consent_withdraw", withdrawPage{State: "done",
		Purpose: purposeLabel(web.LangOf(r.Context()), consent.Purpose), WithdrawnAt: time.Now()})
}

func linkToken(r *http.Request) string { return strings.TrimSpace(chi.URLParam(r, "token")) }

// linkedConsent checks the link's signature and expiry, then finds the
// consent it names, still active.
func (s *Handlers) linkedConsent(r *http.Request) (gdpr.WithdrawalLink, gdpr.ConsentRecord, error) {
	link, err := s.deps.Privacy.Links.Verify(linkToken(r), time.Now())
	if err != nil {
		return link, gdpr.ConsentRecord{}, err
	}
	st, err := s.deps.Privacy.Register.Subject(r.Context(), link.SubjectID)
	if err != nil {
		return link, gdpr.ConsentRecord{}, err
	}
	consent, ok := consentOf(st, link.ConsentID)
	switch {
	case !ok || st.Erased:
		return link, consent, errNoSuchConsent
	case consent.Withdrawn:
		return link, consent, errLinkUsed
	}
	return link, consent, nil
}

// withdrawRefused shows the public page's refusal: a plain explanation,
// never which person or consent the link named.
func (s *Handlers) withdrawRefused(w http.ResponseWriter, r *http.Request, err error) {
	state := "invalid"
	switch {
	case errors.Is(err, errLinkUsed):
		state = "used"
	case web.HasCode(err, "gdpr.link.expired"):
		state = "expired"
	case !web.HasCode(err, "gdpr.link.invalid") && !domain.IsKind(err, domain.KindNotFound):
		s.Fail(w, r, err) // the database, not the link: a 5xx, logged
		return
	}
	s.Refused(r, gdprcmd.LinkActorID, "withdrawal link "+state)
	s.RenderPage(w, r, withdrawRefusals[state], "consent_withdraw", withdrawPage{State: state})
}

// objectionPage is the public page behind a campaign's opt-out link (the
// e-mails to existing clients under legitimate interest). Like the
// withdrawal page it says nothing of the person.
type objectionPage struct {
	State    string // confirm, done, invalid, expired
	Expires  time.Time
	ObjectAt time.Time
}

// marketingObjectionForm asks the person to confirm the opt-out.
func (s *Handlers) marketingObjectionForm(w http.ResponseWriter, r *http.Request) {
	link, err := s.linkedObjection(r)
	if err != nil {
		s.objectionRefused(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "marketing_objection", objectionPage{State: "confirm", Expires: link.Expires})
}

// marketingObjection records the objection to direct marketing on the
// person's click or their mail provider's one-click POST (RFC 8058), and
// shows a receipt. A second click finds it recorded and shows the receipt
// again: the objection stands. Nothing is written for a tampered or
// expired link, nor for a withdrawal link.
func (s *Handlers) marketingObjection(w http.ResponseWriter, r *http.Request) {
	if _, err := s.linkedObjection(r); err != nil {
		s.objectionRefused(w, r, err)
		return
	}
	res, err := s.deps.Privacy.ObjectByLink.Handle(r.Context(), gdprcmd.ObjectToMarketingByLink{
		Token: linkToken(r), CorrelationID: web.CorrelationID(r.Context())})
	if err != nil {
		s.objectionRefused(w, r, err)
		return
	}
	s.awaitRegister(r.Context(), res)
	s.RenderPage(w, r, http.StatusOK, "marketing_objection", objectionPage{State: "done", ObjectAt: time.Now()})
}

// linkedObjection checks the opt-out link's signature and expiry, and
// that the person it names is still in the register.
func (s *Handlers) linkedObjection(r *http.Request) (gdpr.ObjectionLink, error) {
	link, err := s.deps.Privacy.Links.VerifyObjection(linkToken(r), time.Now())
	if err != nil {
		return link, err
	}
	st, err := s.deps.Privacy.Register.Subject(r.Context(), link.SubjectID)
	if err == nil && st.Erased {
		err = domain.NotFound("there is no such person").WithCode("gdpr.link.invalid")
	}
	return link, err
}

// objectionRefused shows the public page's refusal, never whom the link
// named.
func (s *Handlers) objectionRefused(w http.ResponseWriter, r *http.Request, err error) {
	state := "invalid"
	switch {
	case web.HasCode(err, "gdpr.link.expired"):
		state = "expired"
	case !web.HasCode(err, "gdpr.link.invalid") && !domain.IsKind(err, domain.KindNotFound):
		s.Fail(w, r, err)
		return
	}
	s.Refused(r, gdprcmd.ObjectionLinkActorID, "opt-out link "+state)
	s.RenderPage(w, r, withdrawRefusals[state], "marketing_objection", objectionPage{State: state})
}
