package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/access"
)

// requestsPages are the pages of the register of data-subject requests,
// access packages, erasure and the deletion log: the DPO's, every one
// under access.GDPRManage. A request or certificate that is unknown, or
// about someone the member is walled from, answers 404.
func (s *server) requestsPages(r chi.Router) {
	s.route(r, http.MethodGet, "/gdpr", access.GDPRManage, s.gdprHomePage)
	s.route(r, http.MethodGet, "/gdpr/requests", access.GDPRManage, s.requestListPage)
	s.route(r, http.MethodGet, "/gdpr/requests/new", access.GDPRManage, s.newRequest)
	s.route(r, http.MethodPost, "/gdpr/requests/new", access.GDPRManage, s.searchRequestSubject)
	s.route(r, http.MethodPost, "/gdpr/requests", access.GDPRManage, s.registerRequest)
	s.route(r, http.MethodGet, "/gdpr/requests/{id}", access.GDPRManage, s.requestDetailPage)
	s.route(r, http.MethodGet, "/gdpr/requests/{id}/package", access.GDPRManage, s.requestPackage)
	s.route(r, http.MethodPost, "/gdpr/requests/{id}/verify", access.GDPRManage, s.requestAction(verifyStep))
	s.route(r, http.MethodPost, "/gdpr/requests/{id}/extend", access.GDPRManage, s.requestAction(extendStep))
	s.route(r, http.MethodPost, "/gdpr/requests/{id}/complete", access.GDPRManage, s.requestAction(completeStep))
	s.route(r, http.MethodPost, "/gdpr/requests/{id}/refuse", access.GDPRManage, s.requestAction(refuseStep))
	s.route(r, http.MethodPost, "/gdpr/requests/{id}/erasure", access.GDPRManage, s.eraseRequest)
	s.route(r, http.MethodGet, "/gdpr/erasures/{id}", access.GDPRManage, s.erasureCertificatePage)
	s.route(r, http.MethodGet, "/gdpr/erasures/{id}.json", access.GDPRManage, s.erasureCertificateJSON)
	s.route(r, http.MethodGet, "/gdpr/deletion-log", access.GDPRManage, s.deletionLog)
	s.route(r, http.MethodGet, "/gdpr/deletion-log.csv", access.GDPRManage, s.deletionLogCSV)
}

// requestsAPI is the JSON API of the register of data-subject requests,
// the access package and erasure. Routes that name a person pass
// unwalled first: a walled person answers 404.
func (s *server) requestsAPI(r chi.Router) {
	s.route(r, http.MethodGet, "/api/v1/requests", access.GDPRManage, s.apiListRequests)
	s.route(r, http.MethodGet, "/api/v1/requests/{id}", access.GDPRManage, s.apiGetRequest)
	s.route(r, http.MethodPost, "/api/v1/requests/{id}/erasure", access.GDPRManage, s.apiEraseRequest)
	s.route(r, http.MethodPost, "/api/v1/subjects/{id}/requests", access.GDPRManage, s.apiRegisterRequest, s.unwalled)
	s.route(r, http.MethodGet, "/api/v1/subjects/{id}/export", access.GDPRManage, s.apiSubjectExport, s.unwalled)
	s.route(r, http.MethodGet, "/api/v1/erasures/{id}/certificate", access.GDPRManage, s.erasureCertificateJSON)
}
