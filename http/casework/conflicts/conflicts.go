// Package conflicts is casework's room for the words of a conflict check's
// findings — each through the reader's need-to-know and walls, its path
// from contact to matter in words, for the pages and for the API — and for
// the lateral hire's check (issue 14), which runs a new lawyer's list
// through the same checker and words its findings the same way. casework
// builds it, registers its routes in its groups and words a matter's own
// check with it; it never imports casework.
package conflicts

import (
	"context"
	"embed"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
)

// Handlers are the findings' words and the lateral hire's pages and API,
// over the shared kit.
type Handlers struct {
	*web.Kit
	deps Deps
}

// New returns the handlers; casework gives every field.
func New(kit *web.Kit, deps Deps) *Handlers { return &Handlers{Kit: kit, deps: deps} }

// Templates are the lateral hire's page, parsed by the kit with the one
// layout (the findings' own words are the layout's conflict-hits).
//
//go:embed templates
var Templates embed.FS

// Deps is what the lateral hire acts through.
type Deps struct {
	LateralHire LateralHire
}

// LateralHire is *mattercmd.ConflictCheckHandler's part for a new
// lawyer's list: checked and kept with them.
type LateralHire interface {
	HandleLateralHire(ctx context.Context, cmd mattercmd.CheckLateralHire) (mattercmd.LateralHireReport, error)
	LateralHireChecks(ctx context.Context, staffID string) ([]mattercmd.LateralHireReport, error)
	LateralNow() time.Time
}

// Pages are the lateral hire's page and one check of it, in casework's
// page group.
func (s *Handlers) Pages(r chi.Router) {
	s.Route(r, http.MethodGet, "/staff/{id}/lateral-hire", access.StaffManage, s.lateralHirePage)
	s.Route(r, http.MethodGet, "/staff/{id}/lateral-hire/{check}", access.StaffManage, s.lateralHirePage)
}

// Uploads take a list, page or API, in the group whose bodies may be as
// large as the upload limit allows.
func (s *Handlers) Uploads(r chi.Router) {
	s.Route(r, http.MethodPost, "/staff/{id}/lateral-hire", access.StaffManage, s.checkLateralHire)
	s.Route(r, http.MethodPost, "/api/v1/staff/{id}/lateral-hire-checks", access.StaffManage, s.apiCheckLateralHire)
}

// API lists a member's checks.
func (s *Handlers) API(r chi.Router) {
	s.Route(r, http.MethodGet, "/api/v1/staff/{id}/lateral-hire-checks", access.StaffManage, s.apiLateralHireChecks)
}
