// Package documents is casework's room for a matter's documents: the
// upload (page and API), the list on the matter's documents tab, the
// download, and the special-category marking (art. 9, 10) of a document
// with its page and API. casework holds the matter page and the
// communication log; it builds these handlers, registers their routes in
// its groups, and hands in its own rules that a document follows: a
// document filed under a log entry is visible as the entry is, and a
// refused upload shows the matter's page again.
package documents

import (
	"context"
	"embed"
	"io"
	"net/http"

	"github.com/go-chi/chi/v5"

	documentcmd "github.com/klient-crm/klient/commands/document"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
	docmodel "github.com/klient-crm/klient/projections/documents"
)

// Handlers are the documents' pages and API, over the shared kit.
type Handlers struct {
	*web.Kit
	deps Deps
}

// New returns the documents' handlers; casework gives every field.
func New(kit *web.Kit, deps Deps) *Handlers { return &Handlers{Kit: kit, deps: deps} }

// Templates are the documents' pages, parsed by the kit with the one layout.
//
//go:embed templates
var Templates embed.FS

// Deps is what the documents' handlers act through.
type Deps struct {
	Attach      web.Handles[documentcmd.AttachDocument, documentcmd.DocumentResult]
	MarkSpecial SpecialMarker
	Files       Files
	// EntryVisible is casework's rule for a log entry (its matter, its
	// contacts' walls, its own marking): a document filed under an entry
	// is visible as the entry is.
	EntryVisible func(r *http.Request, entryID string) (bool, error)
	// UploadTarget refuses, as not found, a matter or an entry the caller
	// may not see (the API's upload names either).
	UploadTarget func(r *http.Request, matterID, entryID string) error
	// MatterFormFailed shows the matter's page again on tab with err's
	// message by its field (a refused upload of the page).
	MatterFormFailed func(w http.ResponseWriter, r *http.Request, tab string, err error)
}

// Files is the documents read model, the download record and the blob
// store (casework.DocumentDirectory).
type Files interface {
	ForMatter(ctx context.Context, matterID string) ([]docmodel.Document, error)
	Get(ctx context.Context, id string) (docmodel.Document, error)
	RecordDownload(ctx context.Context, d docmodel.Download) error
	Open(ctx context.Context, docID, subject string) (io.ReadCloser, error)
	SpecialMarks
}

// The read models the handlers wait for after their own writes.
const (
	documentsProjector = "documents"
	specialProjector   = "dpo" // the documents' special-category markings
)

// Pages are the download and the marking form, in casework's page group.
func (s *Handlers) Pages(r chi.Router) {
	s.Route(r, http.MethodGet, "/documents/{id}", access.DocumentDownload, s.downloadDocument)
	s.Route(r, http.MethodGet, "/documents/{id}/special-category", access.SensitiveRead, s.specialForm)
	s.Route(r, http.MethodPost, "/documents/{id}/special-category", access.SensitiveRead, s.saveSpecial)
}

// Uploads take documents, in the group whose bodies may be as large as
// the upload limit allows.
func (s *Handlers) Uploads(r chi.Router) {
	s.Route(r, http.MethodPost, "/matters/{id}/documents", access.DocumentUpload, s.uploadDocument, s.InMatter)
	s.Route(r, http.MethodPost, "/api/v1/documents", access.DocumentUpload, s.apiUploadDocument)
}

// API is the download and the marking in the JSON API.
func (s *Handlers) API(r chi.Router) {
	s.Route(r, http.MethodGet, "/api/v1/documents/{id}", access.DocumentDownload, s.downloadDocument)
	s.Route(r, http.MethodGet, "/api/v1/documents/{id}/special-category", access.SensitiveRead, s.apiSpecial)
	s.Route(r, http.MethodPut, "/api/v1/documents/{id}/special-category", access.SensitiveRead, s.apiSpecial)
}

// errNoSuchDocument is what a document one may not see looks like.
var errNoSuchDocument = domain.NotFound("there is no such document").WithCode("document.not_found")
