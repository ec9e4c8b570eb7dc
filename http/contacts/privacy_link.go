package contacts

import (
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
)

// errNoSuchConsent is the answer for a consent the person never gave.
var errNoSuchConsent = domain.NotFound("there is no such consent").WithCode("gdpr.consent.not_found")

// createWithdrawalLink signs a withdrawal link for one of the person's
// active consents and shows it once on the panel, to be copied into a
// letter or an e-mail. Nothing is stored: the token carries the subject's
// and the consent's IDs and its expiry under the fleet's signature, never
// a name, and it is shown in the page, never put in a URL Klient logs.
func (s *Handlers) createWithdrawalLink(w http.ResponseWriter, r *http.Request) {
	c, err := s.ReadContact(r, chi.URLParam(r, "id"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	link, err := s.signWithdrawalLink(r, c.ID, chi.URLParam(r, "consent"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.contactPage(w, r, http.StatusOK, privacyForm{Link: &link})
}

// signWithdrawalLink signs the link of subjectID's active consent.
func (s *Handlers) signWithdrawalLink(r *http.Request, subjectID, consentID string) (withdrawalLink, error) {
	st, err := s.deps.Privacy.Register.Subject(r.Context(), subjectID)
	if err != nil {
		return withdrawalLink{}, err
	}
	consent, ok := consentOf(st, consentID)
	if !ok {
		return withdrawalLink{}, errNoSuchConsent
	}
	if consent.Withdrawn {
		return withdrawalLink{}, domain.Conflict("this consent has already been withdrawn").WithCode("privacy.consent.already_withdrawn")
	}
	expires := time.Now().Add(s.deps.Privacy.linkLifetime()).Truncate(time.Second)
	token, err := s.deps.Privacy.Links.Sign(subjectID, consent.ConsentID, expires)
	if err != nil {
		return withdrawalLink{}, err
	}
	return withdrawalLink{ConsentID: consent.ConsentID, URL: s.Origin(r) + "/consent/withdraw/" + token, Expires: expires}, nil
}

// consentOf finds consent id (any letter case) in the register's state.
func consentOf(st gdpr.SubjectState, id string) (gdpr.ConsentRecord, bool) {
	id = strings.ToLower(strings.TrimSpace(id))
	for _, c := range st.Consents {
		if c.ConsentID == id {
			return c, true
		}
	}
	return gdpr.ConsentRecord{}, false
}
