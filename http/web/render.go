package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/http/i18n"
)

//go:embed templates
var TemplateFS embed.FS

// View is what every page template receives; View holds the page's own.
type View struct {
	Lang          i18n.Lang
	ReturnTo      string // where the language switch comes back to
	CorrelationID string
	User          *UserView // nil when nobody is signed in
	View          any
	// Rebuilding: a read model is being rebuilt, so lists and pages may be
	// incomplete for a while; the layout says so.
	Rebuilding bool
}

// PageSet holds every page parsed once per language, so the template's `t`
// speaks the reader's language without per-request cloning.
type PageSet map[i18n.Lang]map[string]*template.Template

// ParsePages parses the kit's own pages and each context's (a context's
// embedded "templates/pages/*.html") with the one layout, once per
// language. Two pages with one name are refused.
func ParsePages(static *StaticFiles, contexts ...fs.FS) (PageSet, error) {
	set := PageSet{}
	for _, lang := range Langs() {
		set[lang] = map[string]*template.Template{}
	}
	for _, src := range append([]fs.FS{TemplateFS}, contexts...) {
		names, err := fs.Glob(src, "templates/pages/*.html")
		if err != nil {
			return nil, fmt.Errorf("http: page templates: %w", err)
		}
		for _, lang := range Langs() {
			for _, name := range names {
				key := strings.TrimSuffix(path.Base(name), ".html")
				if _, dup := set[lang][key]; dup {
					return nil, fmt.Errorf("http: two page templates are called %s", key)
				}
				t, err := template.New("layout").Funcs(Funcs(lang, static)).ParseFS(TemplateFS, "templates/layout/*.html")
				if err == nil {
					t, err = t.ParseFS(src, name)
				}
				if err != nil {
					return nil, fmt.Errorf("http: template %s: %w", name, err)
				}
				set[lang][key] = t
			}
		}
	}
	if len(set[i18n.Default]) == 0 {
		return nil, fmt.Errorf("http: no page templates")
	}
	return set, nil
}

// RenderPage renders a whole page to a buffer first, so a template error
// becomes a clean 500 instead of half a page.
func (s *Kit) RenderPage(w http.ResponseWriter, r *http.Request, status int, name string, v any) {
	s.renderPage(w, r, status, name, v, ReturnPath(r))
}

// renderPage is RenderPage with the page the language switch comes back
// to (a confirmation's: the page the question came from).
func (s *Kit) renderPage(w http.ResponseWriter, r *http.Request, status int, name string, v any, returnTo string) {
	lang := LangOf(r.Context())
	var buf bytes.Buffer
	user := UserOf(r)
	err := s.pages[lang][name].ExecuteTemplate(&buf, "layout", View{
		Lang: lang, ReturnTo: returnTo, CorrelationID: CorrelationID(r.Context()), User: user, View: v,
		Rebuilding: user != nil && s.rebuilding(r),
	})
	if err != nil {
		s.log.LogAttrs(r.Context(), slog.LevelError, "render page", slog.String("page", name),
			slog.String("error", domain.Loggable(err)), slog.String("correlation_id", CorrelationID(r.Context())))
		http.Error(w, i18n.T(lang, "problem.internal.detail"), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// ReturnPath is the page to come back to after switching language: this
// page for a GET, the contact list after a POST (a POST cannot be repeated
// by a redirect, and search terms must not move into a URL).
func ReturnPath(r *http.Request) string {
	if r.Method == http.MethodGet || slices.Contains(postsToItself, r.URL.Path) {
		return r.URL.Path
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, "/matters/"); ok {
		if id, _, _ := strings.Cut(rest, "/"); id != "search" && id != "new" {
			return "/matters/" + id // back to the matter a form on it was sent from
		}
		return "/matters"
	}
	return "/contacts"
}

// postsToItself are the pages whose form posts to the page's own path
// (sign-in; the audit trail's and the access log's filters, whose words
// stay out of URLs): the language switch comes back to the page.
var postsToItself = []string{"/login", "/audit", "/admin/access-log"}

// Funcs are the template functions for one language. Templates never hold
// text for people: they call t with a catalogue key.
func Funcs(lang i18n.Lang, static *StaticFiles) template.FuncMap {
	return template.FuncMap{
		"t": func(key string, args ...any) string { return i18n.T(lang, key, args...) },
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return i18n.DateTime(t)
		},
		"longdate": func(t time.Time) string { return i18n.LongDate(lang, t) },
		"isodatetime": func(t time.Time) string {
			return t.In(i18n.Stockholm).Format(time.RFC3339)
		},
		"static":       static.URL,
		"addresslines": AddressLines,
		"langs":        Langs,
		"bytes":        func(n int64) string { return i18n.Bytes(lang, n) },
		// problems lists a form's messages for its error summary: the
		// fields named (in pairs of name and label key, FormState.Labelled)
		// first, in the form's own order.
		"problems": func(msgs FieldMessages, pairs ...string) []FormProblem {
			return FormState{Errors: msgs}.Labelled(pairs...).Problems()
		},
	}
}

// AddressLines are an address as it is written on an envelope.
func AddressLines(a contact.Address) []string {
	lines := []string{a.Street, a.PostalCode + " " + a.City}
	if a.Country != "" && a.Country != contact.DefaultCountry {
		lines = append(lines, a.Country)
	}
	return lines
}

// rebuilding reports whether any read model is being rebuilt; a failure to
// tell counts as one (the page then says it may be incomplete). The answer
// is asked at most once a second per instance, not at every page.
func (s *Kit) rebuilding(r *http.Request) bool {
	if s.deps.Projections == nil {
		return false
	}
	now := time.Now()
	if last := s.rebuild.Load(); last != nil && now.Sub(last.at) < rebuildingFresh {
		return last.yes
	}
	names, err := s.deps.Projections.Rebuilding(r.Context())
	yes := err != nil || len(names) > 0
	s.rebuild.Store(&rebuildingSeen{at: now, yes: yes})
	return yes
}

// ErrRebuilding answers an export or an API read while a read model is
// being rebuilt: 503 with Retry-After, and why.
var ErrRebuilding = &domain.Error{Kind: domain.KindInternal, Code: "problem.rebuilding",
	Message: "the read models are being rebuilt", Err: ErrUnavailable}

// UnlessRebuilding is ErrRebuilding while any read model is being rebuilt.
// A page says so in its banner and answers; a CSV or a JSON answer is
// taken away and counted on with no banner to read, so it refuses rather
// than hand over an incomplete register as if it were whole. It asks the
// runtime afresh, not the pages' answer of the last second.
func (s *Kit) UnlessRebuilding(r *http.Request) error {
	if s.deps.Projections == nil {
		return nil
	}
	names, err := s.deps.Projections.Rebuilding(r.Context())
	if err == nil && len(names) > 0 {
		err = ErrRebuilding
	}
	return err
}

// rebuildingFresh is how long one answer to "is a read model rebuilding?"
// serves the pages.
const rebuildingFresh = time.Second

type rebuildingSeen struct {
	at  time.Time
	yes bool
}
