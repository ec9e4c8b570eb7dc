package dpo

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/access"
)

// Pages are the registers' pages. Reading and printing is
// access.RegisterView (the DPO and the auditors); recording and deciding
// is access.GDPRManage (the DPO). A decision on the notification or on
// telling the people cannot be taken back, so it asks first (web.Confirm).
func (s *Handlers) Pages(r chi.Router) {
	s.Route(r, http.MethodGet, "/registers", access.RegisterView, s.breachListPage)
	s.Route(r, http.MethodGet, "/registers/breaches.csv", access.RegisterView, s.breachesCSV)
	s.Route(r, http.MethodGet, "/registers/breaches/new", access.GDPRManage, s.newBreachPage)
	s.Route(r, http.MethodPost, "/registers/breaches", access.GDPRManage, s.recordBreach)
	s.Route(r, http.MethodGet, "/registers/breaches/{id}", access.RegisterView, s.breachPage)
	s.Route(r, http.MethodGet, "/registers/breaches/{id}/notification", access.RegisterView, s.notificationPage)
	s.Route(r, http.MethodPost, "/registers/breaches/{id}/assessment", access.GDPRManage, s.assessBreach)
	s.Route(r, http.MethodPost, "/registers/breaches/{id}/decision", access.GDPRManage, s.decideBreach, s.Confirm(s.askDecision))
	s.Route(r, http.MethodGet, "/registers/processing", access.RegisterView, s.recordPage)
	s.Route(r, http.MethodGet, "/registers/processing.csv", access.RegisterView, s.recordCSV)
	s.Route(r, http.MethodGet, "/registers/processing/history", access.RegisterView, s.recordHistoryPage)
	s.Route(r, http.MethodPost, "/registers/processing", access.GDPRManage, s.saveRecord)
	s.Route(r, http.MethodGet, "/registers/processors", access.RegisterView, s.processorsPage)
	s.Route(r, http.MethodGet, "/registers/processors.csv", access.RegisterView, s.processorsCSV)
	s.Route(r, http.MethodGet, "/registers/processors/new", access.GDPRManage, s.newProcessorPage)
	s.Route(r, http.MethodPost, "/registers/processors", access.GDPRManage, s.saveProcessor)
	s.Route(r, http.MethodGet, "/registers/processors/{id}", access.RegisterView, s.processorPage)
	s.Route(r, http.MethodPost, "/registers/processors/{id}", access.GDPRManage, s.saveProcessor)
	s.Route(r, http.MethodGet, "/registers/processors/{id}/agreements/{doc}", access.GDPRManage, s.downloadAgreement)
	s.Route(r, http.MethodGet, "/registers/dpias", access.RegisterView, s.impactsPage)
	s.Route(r, http.MethodGet, "/registers/dpias/new", access.GDPRManage, s.newImpactPage)
	s.Route(r, http.MethodPost, "/registers/dpias", access.GDPRManage, s.saveImpact)
	s.Route(r, http.MethodGet, "/registers/dpias/{id}", access.RegisterView, s.impactPage)
	s.Route(r, http.MethodPost, "/registers/dpias/{id}", access.GDPRManage, s.saveImpact)
	s.Route(r, http.MethodGet, "/registers/access-reviews", access.RegisterView, s.accessReviewsPage)
	s.Route(r, http.MethodPost, "/registers/access-reviews", access.GDPRManage, s.startReviewPage)
	s.Route(r, http.MethodGet, "/registers/access-reviews/{id}", access.RegisterView, s.accessReviewPage)
	s.Route(r, http.MethodPost, "/registers/access-reviews/{id}/decisions", access.GDPRManage, s.decideAccessPage)
	s.Route(r, http.MethodPost, "/registers/access-reviews/{id}/completion", access.GDPRManage, s.completeReviewPage, s.Confirm(s.askCompletion))
	s.Route(r, http.MethodGet, "/registers/affected", access.GDPRManage, s.affectedPage)
	s.Route(r, http.MethodGet, "/registers/affected/letters", access.GDPRManage, s.affectedLetters)
}

// API is the registers' JSON API, under the same two actions.
func (s *Handlers) API(r chi.Router) {
	s.Route(r, http.MethodGet, "/api/v1/breaches", access.RegisterView, s.apiListBreaches)
	s.Route(r, http.MethodPost, "/api/v1/breaches", access.GDPRManage, s.apiRecordBreach)
	s.Route(r, http.MethodGet, "/api/v1/breaches/{id}", access.RegisterView, s.apiGetBreach)
	s.Route(r, http.MethodPut, "/api/v1/breaches/{id}/assessment", access.GDPRManage, s.apiAssessBreach)
	s.Route(r, http.MethodPost, "/api/v1/breaches/{id}/decisions", access.GDPRManage, s.apiDecideBreach)
	s.Route(r, http.MethodGet, "/api/v1/affected", access.GDPRManage, s.apiAffected)
	s.Route(r, http.MethodGet, "/api/v1/processors", access.RegisterView, s.apiListProcessors)
	s.Route(r, http.MethodPost, "/api/v1/processors", access.GDPRManage, s.apiSaveProcessor)
	s.Route(r, http.MethodPut, "/api/v1/processors/{id}", access.GDPRManage, s.apiSaveProcessor)
	s.Route(r, http.MethodGet, "/api/v1/processors/{id}/agreements", access.RegisterView, s.apiListAgreements)
	s.Route(r, http.MethodGet, "/api/v1/processors/{id}/agreements/{doc}", access.GDPRManage, s.downloadAgreement)
	s.Route(r, http.MethodGet, "/api/v1/impact-assessments", access.RegisterView, s.apiListImpacts)
	s.Route(r, http.MethodPost, "/api/v1/impact-assessments", access.GDPRManage, s.apiSaveImpact)
	s.Route(r, http.MethodGet, "/api/v1/impact-assessments/{id}", access.RegisterView, s.apiGetImpact)
	s.Route(r, http.MethodPut, "/api/v1/impact-assessments/{id}", access.GDPRManage, s.apiSaveImpact)
	s.Route(r, http.MethodGet, "/api/v1/access-reviews", access.RegisterView, s.apiListReviews)
	s.Route(r, http.MethodPost, "/api/v1/access-reviews", access.GDPRManage, s.apiStartReview)
	s.Route(r, http.MethodGet, "/api/v1/access-reviews/{id}", access.RegisterView, s.apiGetReview)
	s.Route(r, http.MethodPost, "/api/v1/access-reviews/{id}/decisions", access.GDPRManage, s.apiDecideAccess)
	s.Route(r, http.MethodPost, "/api/v1/access-reviews/{id}/completion", access.GDPRManage, s.apiCompleteReview)
	s.Route(r, http.MethodGet, "/api/v1/processing-record", access.RegisterView, s.apiGetRecord)
	s.Route(r, http.MethodPut, "/api/v1/processing-record", access.GDPRManage, s.apiSaveRecord)
}

// Uploads take a processor's signed agreement: a body as large as the
// upload limit allows, apart from the forms and the JSON API.
func (s *Handlers) Uploads(r chi.Router) {
	s.Route(r, http.MethodPost, "/registers/processors/{id}/agreements", access.GDPRManage, s.uploadAgreementPage)
	s.Route(r, http.MethodPost, "/api/v1/processors/{id}/agreements", access.GDPRManage, s.apiUploadAgreement)
}

// PublicPages are what anyone may read: the information to data subjects
// (art. 13/14), made from the saved record of processing.
func (s *Handlers) PublicPages(r chi.Router) {
	s.Public(r, http.MethodGet, "/privacy-notice", s.noticePage)
}
