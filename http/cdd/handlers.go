// Package cdd is the web edge of customer due diligence (issue 17): a
// matter's due-diligence record, which the people working on the matter
// fill in and decide (access.CDDRecord, behind the matter's need-to-know
// gate), and the AML officer's work (access.CDDManage): the general risk
// assessment, the sanctions lists, and the records escalated to them,
// which they read and decide across matters, never behind a wall.
package cdd

import (
	"github.com/klient-crm/klient/http/web"
)

// Handlers are this context's API, over the shared kit.
type Handlers struct {
	*web.Kit
	deps Deps
}

// New returns the context's handlers; deps must have been validated.
func New(kit *web.Kit, deps Deps) *Handlers { return &Handlers{Kit: kit, deps: deps} }
