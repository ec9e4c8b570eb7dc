package requests

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/access"
)

// Pages are the pages of the register of data-subject requests,
// access packages, erasure and the deletion log: the DPO's, every one
// under access.GDPRManage. A request or certificate that is unknown, or
// about someone the member is walled from, answers 404. Extending,
// answering, refusing and erasing ask first (web.Confirm). A mention's
// page is access.MentionRedact's: the DPO's, and the responsible lawyer's
// for a mention in their own matter (mentionOf).
func (s *Handlers) Pages(r chi.Router) {
	s.Route(r, http.MethodGet, "/gdpr", access.GDPRManage, s.gdprHomePage)
	s.Route(r, http.MethodGet, "/gdpr/requests", access.GDPRManage, s.requestListPage)
	s.Route(r, http.MethodGet, "/gdpr/requests/new", access.GDPRManage, s.newRequest)
	s.Route(r, http.MethodPost, "/gdpr/requests/new", access.GDPRManage, s.searchRequestSubject)
	s.Route(r, http.MethodPost, "/gdpr/requests", access.GDPRManage, s.registerRequest)
	s.Route(r, http.MethodGet, "/gdpr/requests/{id}", access.GDPRManage, s.requestDetailPage)
	s.Route(r, http.MethodGet, "/gdpr/requests/{id}/package", access.GDPRManage, s.requestPackage)
	s.Route(r, http.MethodPost, "/gdpr/requests/{id}/verify", access.GDPRManage, s.requestAction(verifyStep))
	s.Route(r, http.MethodPost, "/gdpr/requests/{id}/extend", access.GDPRManage, s.requestAction(extendStep), s.Confirm(s.askRequest("confirm.request.extend")))
	s.Route(r, http.MethodPost, "/gdpr/requests/{id}/complete", access.GDPRManage, s.requestAction(completeStep), s.Confirm(s.askRequest("confirm.request.complete")))
	s.Route(r, http.MethodPost, "/gdpr/requests/{id}/refuse", access.GDPRManage, s.requestAction(refuseStep), s.Confirm(s.askRequest("confirm.request.refuse")))
	s.Route(r, http.MethodPost, "/gdpr/requests/{id}/erasure", access.GDPRManage, s.eraseRequest, s.Confirm(s.askRequest("confirm.request.erase")))
	s.Route(r, http.MethodGet, "/gdpr/erasures/{id}", access.GDPRManage, s.erasureCertificatePage)
	s.Route(r, http.MethodGet, "/gdpr/erasures/{id}.json", access.GDPRManage, s.erasureCertificateJSON)
	s.Route(r, http.MethodGet, "/gdpr/erasures/{id}/mentions/{entry}", access.MentionRedact, s.mentionPage)
	s.Route(r, http.MethodPost, "/gdpr/erasures/{id}/mentions/{entry}", access.MentionRedact, s.redactMentionPage, s.Confirm(s.askRedaction))
	s.Route(r, http.MethodGet, "/gdpr/deletion-log", access.GDPRManage, s.deletionLog)
	s.Route(r, http.MethodGet, "/gdpr/deletion-log.csv", access.GDPRManage, s.deletionLogCSV)
}

// API is the JSON API of the register of data-subject requests,
// the access package and erasure. Routes that name a person pass
// unwalled first: a walled person answers 404.
func (s *Handlers) API(r chi.Router) {
	s.Route(r, http.MethodGet, "/api/v1/requests", access.GDPRManage, s.apiListRequests)
	s.Route(r, http.MethodGet, "/api/v1/requests/{id}", access.GDPRManage, s.apiGetRequest)
	s.Route(r, http.MethodPost, "/api/v1/requests/{id}/erasure", access.GDPRManage, s.apiEraseRequest)
	s.Route(r, http.MethodPost, "/api/v1/subjects/{id}/requests", access.GDPRManage, s.apiRegisterRequest, s.Unwalled)
	s.Route(r, http.MethodGet, "/api/v1/subjects/{id}/export", access.GDPRManage, s.apiSubjectExport, s.Unwalled)
	s.Route(r, http.MethodGet, "/api/v1/erasures/{id}/certificate", access.GDPRManage, s.erasureCertificateJSON)
	s.Route(r, http.MethodGet, "/api/v1/erasures/{id}/mentions/{entry}", access.MentionRedact, s.apiGetMention)
	s.Route(r, http.MethodPost, "/api/v1/erasures/{id}/mentions/{entry}/redaction", access.MentionRedact, s.apiRedactMention)
}
