package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
)

//go:embed static
var staticFS embed.FS

// StaticFiles serves the embedded CSS and images. URLs carry a content hash
// (?v=…) so a changed file is fetched at once while an unchanged one is
// cached for a year.
type StaticFiles struct {
	files map[string][]byte
	hash  map[string]string
}

func LoadStatic() (*StaticFiles, error) {
	s := &StaticFiles{files: map[string][]byte{}, hash: map[string]string{}}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		b, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		s.files[e.Name()], s.hash[e.Name()] = b, hex.EncodeToString(sum[:6])
	}
	return s, nil
}

// url is the template function {{static "style.css"}}.
func (s *StaticFiles) URL(name string) string { return "/static/" + name + "?v=" + s.hash[name] }

// ServeStatic sends one embedded file; an unknown name is an ordinary 404.
func (s *Kit) ServeStatic(w http.ResponseWriter, r *http.Request) {
	if !s.static.Serve(w, r, chi.URLParam(r, "file")) {
		s.Fail(w, r, domain.NotFound("no such file"))
	}
}

func (s *StaticFiles) Serve(w http.ResponseWriter, r *http.Request, name string) bool {
	b, ok := s.files[name]
	if !ok {
		return false
	}
	h := w.Header()
	h.Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	h.Set("ETag", `"`+s.hash[name]+`"`)
	h.Set("Cache-Control", "public, max-age=300")
	if r.URL.Query().Get("v") == s.hash[name] {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
	return true
}
