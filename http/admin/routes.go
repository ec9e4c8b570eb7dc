package admin

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/klient-crm/klient/domain/access"
)

// Pages manage staff, API tokens, walls, workflow and letter templates, and
// search the access log. Deactivating a member, resetting a password,
// revoking a token and lifting a wall ask first (web.Confirm).
func (s *Handlers) Pages(r chi.Router) {
	s.Route(r, http.MethodGet, "/admin/staff", access.StaffManage, s.listStaff)
	s.Route(r, http.MethodGet, "/admin/staff/new", access.StaffManage, s.newStaffForm)
	s.Route(r, http.MethodPost, "/admin/staff", access.StaffManage, s.createStaff)
	s.Route(r, http.MethodGet, "/admin/staff/{id}", access.StaffManage, s.showStaff)
	s.Route(r, http.MethodPost, "/admin/staff/{id}/roles", access.StaffManage, s.changeStaffRoles)
	s.Route(r, http.MethodPost, "/admin/staff/{id}/deactivate", access.StaffManage, s.deactivateStaff, s.Confirm(s.askMember("confirm.staff.deactivate")))
	s.Route(r, http.MethodPost, "/admin/staff/{id}/reactivate", access.StaffManage, s.reactivateStaff)
	s.Route(r, http.MethodPost, "/admin/staff/{id}/password", access.StaffManage, s.resetStaffPassword, s.Confirm(s.askMember("confirm.staff.password")))
	s.Route(r, http.MethodGet, "/admin/tokens", access.StaffManage, s.listTokens)
	s.Route(r, http.MethodPost, "/admin/tokens", access.StaffManage, s.createToken)
	s.Route(r, http.MethodPost, "/admin/tokens/{id}/revoke", access.StaffManage, s.revokeToken, s.Confirm(s.askRevokeToken))
	s.Route(r, http.MethodGet, "/admin/walls", access.WallManage, s.listWalls)
	s.Route(r, http.MethodPost, "/admin/walls", access.WallManage, s.erectWall)
	s.Route(r, http.MethodPost, "/admin/walls/{id}/lift", access.WallManage, s.liftWall, s.Confirm(s.askLiftWall))
	s.Route(r, http.MethodGet, "/admin/access-log", access.AccessLogView, s.accessLogPage)
	s.Route(r, http.MethodPost, "/admin/access-log", access.AccessLogView, s.pickAccessLogFilter)
	s.Route(r, http.MethodGet, "/admin/templates", access.TemplateManage, s.listTemplates)
	s.Route(r, http.MethodGet, "/admin/templates/{area}", access.TemplateManage, s.editTemplate)
	s.Route(r, http.MethodPost, "/admin/templates/{area}", access.TemplateManage, s.saveTemplate)
	s.Route(r, http.MethodGet, "/admin/letters", access.TemplateManage, s.listLetterTemplates)
	s.Route(r, http.MethodGet, "/admin/letters/new", access.TemplateManage, s.newLetterTemplate)
	s.Route(r, http.MethodPost, "/admin/letters", access.TemplateManage, s.createLetterTemplate)
	s.Route(r, http.MethodGet, "/admin/letters/{id}", access.TemplateManage, s.editLetterTemplate)
	s.Route(r, http.MethodPost, "/admin/letters/{id}", access.TemplateManage, s.changeLetterTemplate)
	s.Route(r, http.MethodPost, "/admin/letters/{id}/retire", access.TemplateManage, s.retireLetterTemplate,
		s.Confirm(s.askRetireLetterTemplate))
}
