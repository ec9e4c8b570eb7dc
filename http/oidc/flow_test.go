package oidc

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
)

// TestMain quiets the test provider's per-request info log, which would
// bury a failure's own output.
func TestMain(m *testing.M) {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	os.Exit(m.Run())
}

// TestSignInThroughARealProvider runs the whole authorisation code flow
// against a provider on loopback: Klient's start, the provider's login form,
// the callback, the code exchange, ID token verification and userinfo.
func TestSignInThroughARealProvider(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, nil)
	client := browser(t)
	status, body := callback(t, client, authorize(t, client, app))
	if status != http.StatusOK {
		t.Fatalf("callback answered %d: %s (cause: %v)", status, body, app.err())
	}
	var id Identity
	if err := json.Unmarshal([]byte(body), &id); err != nil {
		t.Fatalf("identity %q: %v", body, err)
	}
	want := Identity{Subject: testSubject, Email: testEmail, EmailVerified: true}
	if id != want {
		t.Fatalf("identity = %+v, want %+v", id, want)
	}
}

// TestStartSendsOnlyProtocolParameters checks the redirect and the cookie a
// browser gets from Start, without a provider round trip.
func TestStartSendsOnlyProtocolParameters(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, nil)
	rec := httptest.NewRecorder()
	app.Provider.Start(rec, httptest.NewRequest(http.MethodGet, "/auth/oidc/start", nil))
	cookie := onlyCookie(t, rec)
	f, err := app.Provider.sealer.open(cookie.Value)
	if err != nil {
		t.Fatal(err)
	}
	target, _ := url.Parse(rec.Header().Get("Location"))
	q := target.Query()
	if q.Get("state") != f.State || q.Get("nonce") != f.Nonce || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" {
		t.Errorf("authorisation request lacks state, nonce or PKCE S256: %v", q)
	}
	if strings.Contains(target.String(), f.Verifier) {
		t.Error("the PKCE verifier left in the URL")
	}
	if !strings.Contains(q.Get("scope"), "openid") || q.Get("client_id") != testClientID {
		t.Errorf("scope or client_id wrong: %v", q)
	}
}

func onlyCookie(t *testing.T, rec *httptest.ResponseRecorder) *http.Cookie {
	t.Helper()
	cookies := rec.Result().Cookies()
	if len(cookies) != 1 {
		t.Fatalf("want one cookie, got %d", len(cookies))
	}
	c := cookies[0]
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != callbackPath || c.MaxAge <= 0 || c.MaxAge > int(flowTTL.Seconds()) {
		t.Errorf("flow cookie attributes: %+v", c)
	}
	return c
}
