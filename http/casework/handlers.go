package casework

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
