package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/access"
)

// privacyPages are the forms of the "Data protection" panel on a person's
// page. Staff record bases, consents and objections (contact.edit); only
// those who keep the registers (the DPO) restrict and lift. Every route
// names the person and passes the wall check first.
func (s *server) privacyPages(r chi.Router) {
	edit := func(pattern string, h http.HandlerFunc) {
		s.Route(r, http.MethodPost, pattern, access.ContactEdit, h, s.Unwalled)
	}
	edit("/contacts/{id}/lawful-bases", s.privacyWrite("basis", "basis_recorded", s.recordBasisForm))
	edit("/contacts/{id}/lawful-bases/{basis}/end", s.privacyWrite("end", "basis_ended", s.endBasisForm))
	edit("/contacts/{id}/consents", s.privacyWrite("consent", "consent_recorded", s.giveConsentForm))
	edit("/contacts/{id}/consents/{consent}/withdraw", s.privacyWrite("withdraw", "consent_withdrawn", s.withdrawConsentForm))
	edit("/contacts/{id}/consents/{consent}/link", s.createWithdrawalLink)
	edit("/contacts/{id}/objection", s.privacyWrite("objection", "objection_recorded", s.objectForm))
	s.Route(r, http.MethodPost, "/contacts/{id}/restriction", access.GDPRManage,
		s.privacyWrite("restrict", "restricted", s.restrictForm), s.Unwalled)
	s.Route(r, http.MethodPost, "/contacts/{id}/restriction/lift", access.GDPRManage,
		s.privacyWrite("lift", "lifted", s.liftForm), s.Unwalled)
}

// privacyAPI is the JSON API of a person's lawful bases, consents,
// objection and restriction.
func (s *server) privacyAPI(r chi.Router) {
	s.Route(r, http.MethodGet, "/api/v1/contacts/{id}/privacy", access.ContactView, s.apiPrivacy, s.Unwalled)
	edit := func(pattern string, status int, run subjectCommand) {
		s.Route(r, http.MethodPost, pattern, access.ContactEdit, s.apiSubjectWrite(status, run), s.Unwalled)
	}
	edit("/api/v1/contacts/{id}/lawful-bases", http.StatusCreated, s.apiRecordBasis)
	edit("/api/v1/contacts/{id}/consents", http.StatusCreated, s.apiGiveConsent)
	edit("/api/v1/contacts/{id}/consents/{consent}/withdraw", http.StatusOK, s.apiWithdrawConsent)
	edit("/api/v1/contacts/{id}/objection", http.StatusOK, s.apiObject)
	s.Route(r, http.MethodPost, "/api/v1/contacts/{id}/restriction", access.GDPRManage,
		s.apiSubjectWrite(http.StatusOK, s.apiRestrict), s.Unwalled)
	s.Route(r, http.MethodPost, "/api/v1/contacts/{id}/restriction/lift", access.GDPRManage,
		s.apiSubjectWrite(http.StatusOK, s.apiLift), s.Unwalled)
}

// publicPrivacy are the pages a data subject reaches without signing in
// (the consent-withdrawal link): the token alone says which consent.
func (s *server) publicPrivacy(r chi.Router) {
	s.Public(r, http.MethodGet, "/consent/withdraw/{token}", s.consentWithdrawForm)
	s.Public(r, http.MethodPost, "/consent/withdraw/{token}", s.consentWithdraw)
}
