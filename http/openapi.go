package http

import (
	_ "embed"
	"net/http"
)

// openAPIDocument describes every route the router serves; a test walks the
// router and the document and fails when they disagree.
//
//go:embed openapi.json
var openAPIDocument []byte

func (s *server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(openAPIDocument)
}
