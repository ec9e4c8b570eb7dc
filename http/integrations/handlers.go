// Package integrations is the web edge of what other systems are told of
// Klient: the integration feed (GET /api/v1/feed), read by a token with
// the scope feed:read, cut to what its member may see, and the
// administrators' webhooks that push the same entries (/admin/webhooks).
package integrations

import (
	"embed"

	"github.com/klient-crm/klient/http/web"
)

// Handlers are this context's API, over the shared kit.
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
