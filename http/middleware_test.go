package http_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/klient-crm/klient/http/web"
)

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	t.Parallel()
	_, r, _ := frameworkServer(t)
	for _, path := range []string{"/healthz", "/no/such/page", "/static/style.css"} {
		rec := do(r, httptest.NewRequest(http.MethodGet, path, nil))
		h := rec.Header()
		want := map[string]string{
			"Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
			"Referrer-Policy":         "no-referrer",
			"X-Content-Type-Options":  "nosniff",
		}
		for k, v := range want {
			if h.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", path, k, h.Get(k), v)
			}
		}
	}
}

func TestCorrelationID(t *testing.T) {
	t.Parallel()
	_, r, logs := frameworkServer(t)
	req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	req.Header.Set(web.CorrelationHeader, "caller-id.42")
	if got := do(r, req).Header().Get(web.CorrelationHeader); got != "caller-id.42" {
		t.Errorf("well-formed caller ID not kept: %q", got)
	}
	req = httptest.NewRequest(http.MethodGet, "/healthz", nil)
	req.Header.Set(web.CorrelationHeader, "bad id\nforged log line")
	got := do(r, req).Header().Get(web.CorrelationHeader)
	if len(got) != 36 || strings.Contains(logs.String(), "forged") {
		t.Errorf("malformed caller ID not replaced by a UUID: %q", got)
	}
}

func TestAccessLogNamesRouteNotPathOrQuery(t *testing.T) {
	t.Parallel()
	_, r, logs := frameworkServer(t)
	r.Get("/test/things/{id}", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("hello")) })
	req := httptest.NewRequest(http.MethodGet, "/test/things/secret-id?q=Anna+Svensson", nil)
	req.Header.Set(web.CorrelationHeader, "corr-1")
	do(r, req)
	var line map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if strings.Contains(l, `"http request"`) {
			_ = json.Unmarshal([]byte(l), &line)
		}
	}
	if line["route"] != "/test/things/{id}" || line["method"] != "GET" || line["status"] != 200.0 ||
		line["bytes"] != 5.0 || line["correlation_id"] != "corr-1" || line["duration"] == nil {
		t.Errorf("access log line incomplete: %v", line)
	}
	if strings.Contains(logs.String(), "Anna") || strings.Contains(logs.String(), "secret-id") {
		t.Errorf("access log holds the path or query: %s", logs.String())
	}
}

func TestRecovererHidesPanics(t *testing.T) {
	t.Parallel()
	_, r, logs := frameworkServer(t)
	r.Get("/test/panic", func(http.ResponseWriter, *http.Request) { panic("secret internals") })
	r.Get("/api/test/panic", func(http.ResponseWriter, *http.Request) { panic("secret internals") })
	page := do(r, httptest.NewRequest(http.MethodGet, "/test/panic", nil))
	api := do(r, httptest.NewRequest(http.MethodGet, "/api/test/panic", nil))
	for _, rec := range []*httptest.ResponseRecorder{page, api} {
		if rec.Code != 500 || strings.Contains(rec.Body.String(), "secret") {
			t.Errorf("panic answer: %d %s", rec.Code, rec.Body)
		}
	}
	if !strings.Contains(page.Body.String(), "Ett fel uppstod hos oss") {
		t.Errorf("no Swedish 500 page: %s", page.Body)
	}
	if ct := api.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("API panic Content-Type = %q", ct)
	}
	if !strings.Contains(logs.String(), "panic in handler") || !strings.Contains(logs.String(), "goroutine") {
		t.Error("panic and its stack not logged")
	}
	if strings.Contains(logs.String(), "secret internals") {
		t.Error("the panic value, which may hold personal data, reached the log")
	}
}
