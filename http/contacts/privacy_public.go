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
