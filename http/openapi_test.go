package http_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	klienthttp "github.com/klient-crm/klient/http"
)

// TestOpenAPIDescribesEveryRoute walks the real router and the document and
// fails on any route one has and the other lacks.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	t.Parallel()
	_, r, _ := frameworkServer(t)
	routes := map[string]bool{}
	err := chi.Walk(r, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		routes[strings.ToLower(method)+" "+route] = true
		return nil
	})
	if err != nil || len(routes) < 15 {
		t.Fatalf("walked %d routes: %v", len(routes), err)
	}
	documented := map[string]bool{}
	for path, item := range openAPI(t)["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			if method == "parameters" {
				continue
			}
			documented[method+" "+path] = true
			if _, ok := op.(map[string]any)["responses"]; !ok {
				t.Errorf("%s %s has no responses", method, path)
			}
		}
	}
	for _, k := range sorted(routes) {
		if !documented[k] {
			t.Errorf("route %s is missing from openapi.json", k)
		}
	}
	for _, k := range sorted(documented) {
		if !routes[k] {
			t.Errorf("openapi.json describes %s, which the router does not serve", k)
		}
	}
}

func TestOpenAPIReferencesResolve(t *testing.T) {
	t.Parallel()
	doc := openAPI(t)
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", doc["openapi"])
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, m := range regexp.MustCompile(`"#/components/schemas/([A-Za-z]+)"`).FindAllSubmatch(klienthttp.OpenAPIDocument, -1) {
		if _, ok := schemas[string(m[1])]; !ok {
			t.Errorf("$ref to missing schema %s", m[1])
		}
	}
}

func TestOpenAPIIsServed(t *testing.T) {
	t.Parallel()
	_, r, _ := frameworkServer(t)
	rec := do(r, httptest.NewRequest(http.MethodGet, "/api/openapi.json", nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" || !json.Valid(rec.Body.Bytes()) {
		t.Errorf("GET /api/openapi.json: %d %s", rec.Code, rec.Header())
	}
}

func openAPI(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(klienthttp.OpenAPIDocument, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return doc
}

func sorted(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
