package http_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/klient-crm/klient/http/web"
)

// TestLanguageSwedishUnlessChosen: a page speaks Swedish whatever the
// browser asks for (the README: Swedish by default, English on request),
// English only once the person chose it with the switch (the cookie); the
// API answers in the language its caller asks for, unless a cookie says
// otherwise.
func TestLanguageSwedishUnlessChosen(t *testing.T) {
	t.Parallel()
	_, r, _ := frameworkServer(t)
	cases := []struct{ path, cookie, accept, want string }{
		{"/no/such/page", "", "", "Hittades inte"},
		{"/no/such/page", "", "en-US,en;q=0.9", "Hittades inte"},
		{"/login", "", "en-GB,en", "Logga in"},
		{"/login", "en", "sv", "Sign in"},
		{"/no/such/page", "sv", "en-US", "Hittades inte"},
		{"/no/such/page", "en", "sv", "Not found"},
		{"/no/such/page", "xx", "en", "Hittades inte"},
		{"/api/v1/no-such-thing", "", "", "Hittades inte"},
		{"/api/v1/no-such-thing", "", "en-US,en;q=0.9", "Not found"},
		{"/api/v1/no-such-thing", "", "nb-NO", "Hittades inte"},
		{"/api/v1/no-such-thing", "sv", "en", "Hittades inte"},
	}
	for _, c := range cases {
		req := httptest.NewRequest(http.MethodGet, c.path, nil)
		if c.cookie != "" {
			req.AddCookie(&http.Cookie{Name: web.LangCookie, Value: c.cookie})
		}
		req.Header.Set("Accept-Language", c.accept)
		if body := do(r, req).Body.String(); !strings.Contains(body, c.want) {
			t.Errorf("%s cookie %q accept %q: want %q in the answer", c.path, c.cookie, c.accept, c.want)
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
