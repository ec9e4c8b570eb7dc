// Package dpo is the web edge of the data-protection officer's own
// registers: the breach register with its 72-hour clocks, IMY's
// notification printable for filing, and its JSON and CSV. The DPO
// (access.GDPRManage) records and decides; the DPO and the auditors
// (access.RegisterView) read and print.
package dpo

import (
	"embed"

	"github.com/klient-crm/klient/http/web"
)

// Handlers are this context's pages and API, over the shared kit.
type Handlers struct {
	*web.Kit
	deps Deps
}

// New returns the context's handlers; deps must have been validated.
func New(kit *web.Kit, deps Deps) *Handlers { return &Handlers{Kit: kit, deps: deps} }

// Templates are this context's pages, parsed by the kit with the one layout.
//
//go:embed templates
var Templates embed.FS
