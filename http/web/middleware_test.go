package web

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/klient-crm/klient/http/i18n"
)

// A 5xx is logged as an error, unless the client had given up on the
// request: then the failure is its own, and the log says so at info.
func TestAccessLogLevelOfAbandonedRequests(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	log := slog.New(slog.NewTextHandler(&out, nil))
	failing := LogAccess(log)(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}))
	failing.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	failing.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "level=ERROR") || !strings.Contains(lines[1], "level=INFO") {
		t.Fatalf("access log:\n%s", out.String())
	}
}

// Accept-Language picks the API's language; Norwegian and Danish readers
// get Swedish.
func TestNegotiateLang(t *testing.T) {
	t.Parallel()
	cases := map[string]i18n.Lang{
		"":                          i18n.Swedish,
		"en-GB,en;q=0.9":            i18n.English,
		"sv-SE,sv;q=0.9,en;q=0.8":   i18n.Swedish,
		"de-DE,en;q=0.5":            i18n.English,
		"fr":                        i18n.Swedish,
		"en;q=0.3,nb;q=0.9":         i18n.Swedish,
		"en;q=0, sv;q=0.1":          i18n.Swedish,
		"EN-us":                     i18n.English,
		"da, en-GB;q=0.8, en;q=0.7": i18n.Swedish,
	}
	for header, want := range cases {
		if got := negotiateLang(header); got != want {
			t.Errorf("negotiateLang(%q) = %s, want %s", header, got, want)
		}
	}
}
