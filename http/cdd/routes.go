package cdd

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain/access"
)

// Pages are the record's page (behind the matter's gate) and the AML
// officer's pages (behind the walls alone).
func (s *Handlers) Pages(r chi.Router) {
	s.Route(r, http.MethodGet, "/matters/{id}/due-diligence", access.CDDRecord, s.recordPageGet, s.InMatter)
	for _, part := range []string{"start", "risk", "identity", "owners", "pep", "screening", "decision"} {
		s.Route(r, http.MethodPost, "/matters/{id}/due-diligence/"+part, access.CDDRecord, s.recordPost(part), s.InMatter)
	}
	s.Route(r, http.MethodPost, "/matters/{id}/due-diligence/hits/{entry}", access.CDDRecord, s.recordPost("hit"), s.InMatter)
	s.Route(r, http.MethodGet, "/matters/{id}/due-diligence/identity-copy", access.CDDRecord, s.downloadCopy(false), s.InMatter)
	s.Route(r, http.MethodGet, "/due-diligence/records/{id}/identity-copy", access.CDDManage, s.downloadCopy(true))
	s.Route(r, http.MethodGet, "/due-diligence", access.CDDManage, s.officerPageGet)
	s.Route(r, http.MethodGet, "/due-diligence/report", access.CDDManage, s.reportPageGet)
	s.Route(r, http.MethodGet, "/due-diligence/report.csv", access.CDDManage, s.reportCSV)
	s.Route(r, http.MethodGet, "/due-diligence/assessment", access.CDDManage, s.assessmentPageGet)
	s.Route(r, http.MethodPost, "/due-diligence/assessment", access.CDDManage, s.assessmentPagePost)
	s.Route(r, http.MethodGet, "/due-diligence/assessment/versions/{n}", access.CDDManage, s.assessmentVersionPage)
	s.Route(r, http.MethodGet, "/due-diligence/records/{id}", access.CDDManage, s.officerRecordPage)
	s.Route(r, http.MethodPost, "/due-diligence/records/{id}/decision", access.CDDManage, s.officerDecidePage)
}

// API is the due-diligence JSON API. A matter's record is behind the
// matter's gate (web.Kit.InMatter: a matter one may not see answers as an
// unknown one); the AML officer's routes name a record by its matter too,
// behind the walls alone (officerMatter).
func (s *Handlers) API(r chi.Router) {
	s.Route(r, http.MethodGet, "/api/v1/matters/{id}/due-diligence", access.CDDRecord, s.apiGetRecord, s.InMatter)
	s.Route(r, http.MethodPost, "/api/v1/matters/{id}/due-diligence", access.CDDRecord, s.apiStartRecord, s.InMatter)
	s.Route(r, http.MethodPut, "/api/v1/matters/{id}/due-diligence", access.CDDRecord, s.apiRecordPart, s.InMatter)
	s.Route(r, http.MethodPost, "/api/v1/matters/{id}/due-diligence/screening", access.CDDRecord, s.apiScreen, s.InMatter)
	s.Route(r, http.MethodPost, "/api/v1/matters/{id}/due-diligence/hits/{entry}", access.CDDRecord, s.apiReviewHit, s.InMatter)
	s.Route(r, http.MethodPost, "/api/v1/matters/{id}/due-diligence/decision", access.CDDRecord, s.apiDecide, s.InMatter)
	s.Route(r, http.MethodGet, "/api/v1/matters/{id}/due-diligence/identity-copy", access.CDDRecord, s.downloadCopy(false), s.InMatter)
	s.Route(r, http.MethodGet, "/api/v1/due-diligence/assessment", access.CDDManage, s.apiGetAssessment)
	s.Route(r, http.MethodPut, "/api/v1/due-diligence/assessment", access.CDDManage, s.apiPublishAssessment)
	s.Route(r, http.MethodGet, "/api/v1/due-diligence/assessment/versions", access.CDDManage, s.apiAssessmentVersions)
	s.Route(r, http.MethodGet, "/api/v1/due-diligence/escalated", access.CDDManage, s.apiEscalated)
	s.Route(r, http.MethodGet, "/api/v1/due-diligence/watch", access.CDDManage, s.apiWatch)
	s.Route(r, http.MethodGet, "/api/v1/due-diligence/report", access.CDDManage, s.apiReport)
	s.Route(r, http.MethodGet, "/api/v1/due-diligence/records/{id}", access.CDDManage, s.apiOfficerRecord)
	s.Route(r, http.MethodPost, "/api/v1/due-diligence/records/{id}/decision", access.CDDManage, s.apiOfficerDecide)
}

// Uploads are the routes whose body is a file: a sanctions list, a copy
// of an identity document.
func (s *Handlers) Uploads(r chi.Router) {
	s.Route(r, http.MethodPost, "/api/v1/matters/{id}/due-diligence/identity-copy", access.CDDRecord, s.apiIdentityCopy, s.InMatter)
	s.Route(r, http.MethodPost, "/matters/{id}/due-diligence/identity-copy", access.CDDRecord, s.identityCopyPage, s.InMatter)
	s.Route(r, http.MethodPost, "/api/v1/due-diligence/lists", access.CDDManage, s.apiImportList)
	s.Route(r, http.MethodPost, "/due-diligence/lists", access.CDDManage, s.importListPage)
}
