package contacts

import (
	"embed"

	"github.com/klient-crm/klient/http/web"
)

// Handlers are this context's pages and API, over the shared kit.
type Handlers struct {
	*web.Kit
	deps    Deps
	imports *importJobs // the uploads and runs of this instance
}

// New returns the context's handlers; deps must have been validated.
func New(kit *web.Kit, deps Deps) *Handlers {
	return &Handlers{Kit: kit, deps: deps, imports: newImportJobs()}
}

// Templates are this context's pages, parsed by the kit with the one layout.
//
//go:embed templates
var Templates embed.FS
