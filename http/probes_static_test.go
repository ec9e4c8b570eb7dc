package http_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	contactpages "github.com/klient-crm/klient/http/contacts"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	klienthttp "github.com/klient-crm/klient/http"
	"github.com/klient-crm/klient/http/web"
)

func TestReadyzSaysNoWithoutTheReason(t *testing.T) {
	t.Parallel()
	_, r, logs := frameworkServerWith(t, func(d *klienthttp.Deps) {
		d.Ready = func(context.Context) error { return errors.New("dial tcp 10.0.0.7:5432: refused") }
	})
	rec := do(r, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	p := wantProblem(t, rec, http.StatusServiceUnavailable)
	if strings.Contains(rec.Body.String(), "10.0.0.7") || p.Title != "Tjänsten är inte redo" {
		t.Errorf("readyz: %s", rec.Body)
	}
	if !strings.Contains(logs.String(), "10.0.0.7") {
		t.Error("the reason is not in the log")
	}
}

func TestNobodySignedInIs401OrSignInPage(t *testing.T) {
	t.Parallel()
	_, r, _ := frameworkServer(t)
	api := wantProblem(t, do(r, httptest.NewRequest(http.MethodGet, "/api/v1/contacts", nil)), http.StatusUnauthorized)
	if api.Title != "Inloggning krävs" {
		t.Errorf("API 401 title %q", api.Title)
	}
	rec := do(r, httptest.NewRequest(http.MethodGet, "/contacts", nil))
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/login?next=%2Fcontacts" {
		t.Errorf("page without a session: %d %v", rec.Code, rec.Header())
	}
}

func TestStaticFilesAreCachedByContentHash(t *testing.T) {
	t.Parallel()
	s, r, _ := frameworkServer(t)
	versioned := do(r, httptest.NewRequest(http.MethodGet, s.Static().URL("style.css"), nil))
	if versioned.Code != 200 || versioned.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" ||
		!strings.HasPrefix(versioned.Header().Get("Content-Type"), "text/css") {
		t.Errorf("versioned CSS: %d %v", versioned.Code, versioned.Header())
	}
	req := httptest.NewRequest(http.MethodGet, "/static/style.css", nil)
	req.Header.Set("If-None-Match", versioned.Header().Get("ETag"))
	if rec := do(r, req); rec.Code != http.StatusNotModified || rec.Header().Get("Cache-Control") != "public, max-age=300" {
		t.Errorf("revalidated CSS: %d %v", rec.Code, rec.Header())
	}
	if rec := do(r, httptest.NewRequest(http.MethodGet, "/static/nope.css", nil)); rec.Code != 404 {
		t.Errorf("missing file: %d", rec.Code)
	}
}

func TestNewServerRefusesMissingDeps(t *testing.T) {
	t.Parallel()
	_, err := klienthttp.NewServer(web.Config{}, klienthttp.Deps{Logger: slog.Default()})
	for _, name := range []string{"Commands.RegisterPerson", "Contacts", "Projections", "Ready",
		"Access.RegisterStaff", "Staff", "Credentials", "Throttle", "AccessLog"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("NewServer without %s: %v", name, err)
		}
	}
	var typedNil *contactcmd.ArchiveContactHandler
	_, err = klienthttp.NewServer(web.Config{}, klienthttp.Deps{People: contactpages.Deps{Commands: contactpages.ContactCommands{Archive: typedNil}}})
	if err == nil || !strings.Contains(err.Error(), "Commands.Archive") {
		t.Errorf("NewServer accepted a nil handler in an interface: %v", err)
	}
	if _, err := klienthttp.NewServer(web.Config{TrustedOrigins: []string{"klient.example"}}, klienthttp.Deps{}); err == nil {
		t.Error("NewServer accepted an origin without a scheme")
	}
}
