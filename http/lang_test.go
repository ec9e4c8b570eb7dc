package http_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/klient-crm/klient/http/web"
)

func TestLanguageCookieThenAcceptLanguageThenSwedish(t *testing.T) {
	t.Parallel()
	_, r, _ := frameworkServer(t)
	cases := []struct{ cookie, accept, want string }{
		{"", "", "Hittades inte"},
		{"", "en-US,en;q=0.9", "Not found"},
		{"sv", "en-US", "Hittades inte"},
		{"en", "sv", "Not found"},
		{"xx", "en", "Not found"},
	}
	for _, c := range cases {
		req := httptest.NewRequest(http.MethodGet, "/no/such/page", nil)
		if c.cookie != "" {
			req.AddCookie(&http.Cookie{Name: web.LangCookie, Value: c.cookie})
		}
		req.Header.Set("Accept-Language", c.accept)
		if body := do(r, req).Body.String(); !strings.Contains(body, c.want) {
			t.Errorf("cookie %q accept %q: want %q in page", c.cookie, c.accept, c.want)
		}
	}
}

func TestLanguageSwitchSetsCookieAndStaysOnSite(t *testing.T) {
	t.Parallel()
	_, r, _ := frameworkServer(t)
	cases := map[string]string{"/contacts/42": "/contacts/42", "//evil.example": "/", "https://evil.example/": "/", "/a?b": "/"}
	for ret, want := range cases {
		req := httptest.NewRequest(http.MethodPost, "/lang", strings.NewReader("lang=en&return="+ret))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := do(r, req)
		if rec.Code != 303 || rec.Header().Get("Location") != want ||
			!strings.HasPrefix(rec.Header().Get("Set-Cookie"), "lang=en;") {
			t.Errorf("return %q: %d %v", ret, rec.Code, rec.Header())
		}
	}
}
