package oidc

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"

	"github.com/klient-crm/klient/domain"
)

// assertRefused checks the callback was refused the way the http package
// relies on: 403 here, a forbidden domain.Error with the catalogue code, the
// expected cause, and nothing secret in the text.
func assertRefused(t *testing.T, app *testApp, status int, want error, secrets ...string) {
	t.Helper()
	err := app.err()
	var de *domain.Error
	if status != http.StatusForbidden || !errors.As(err, &de) || de.Kind != domain.KindForbidden || de.Code != CodeFailed {
		t.Fatalf("want a forbidden %s error, got status %d, %v", CodeFailed, status, err)
	}
	if want != nil && !errors.Is(err, want) {
		t.Errorf("cause = %v, want %v", err, want)
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("error text %q reveals a secret", err)
		}
	}
}

func TestTamperedStateIsRefused(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, nil)
	client := browser(t)
	u := authorize(t, client, app)
	status, _ := callback(t, client, withQuery(u, "state", "forged"))
	assertRefused(t, app, status, errState, u.Query().Get("code"))
}

func TestCallbackWorksOnlyOnce(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, nil)
	client := browser(t)
	u := authorize(t, client, app)
	cookies := client.Jar.Cookies(u)
	if status, body := callback(t, client, u); status != http.StatusOK {
		t.Fatalf("first callback answered %d: %s", status, body)
	}
	status, _ := callback(t, client, u)
	assertRefused(t, app, status, errNoCookie)

	// An attacker who also kept the cookie meets the provider's single-use code.
	replayer := browser(t)
	replayer.Jar.SetCookies(u, cookies)
	status, _ = callback(t, replayer, u)
	assertRefused(t, app, status, nil, u.Query().Get("code"), cookies[0].Value)
	assertStep(t, app.err(), "code exchange")
}

func TestExpiredFlowCookieIsRefused(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, nil)
	client := browser(t)
	u := authorize(t, client, app)
	app.advance(flowTTL + time.Minute)
	status, _ := callback(t, client, u)
	assertRefused(t, app, status, errExpired)
}

// TestTokenFromAnotherIssuerIsRefused trusts an issuer whose discovery
// document points at a different provider: every step succeeds until the
// ID token names its real issuer.
func TestTokenFromAnotherIssuerIsRefused(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, func(cfg *Config, idp *testIdP) { cfg.IssuerURL = startImpostor(t, idp) })
	client := browser(t)
	status, _ := callback(t, client, authorize(t, client, app))
	assertRefused(t, app, status, nil)
	assertStep(t, app.err(), "id token")
	assertDetail(t, app.err(), "different provider")
}

// TestTokenForAnotherClientIsRefused verifies the audience by expecting a
// different client ID than the one the token was issued to.
func TestTokenForAnotherClientIsRefused(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, nil)
	app.Provider.verifier = app.Provider.discovered.Verifier(&gooidc.Config{ClientID: "another-client"})
	client := browser(t)
	status, _ := callback(t, client, authorize(t, client, app))
	assertRefused(t, app, status, nil)
	assertStep(t, app.err(), "id token")
	assertDetail(t, app.err(), "audience")
}

func TestWrongClientSecretIsRefused(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, func(cfg *Config, _ *testIdP) { cfg.ClientSecret = "not-the-secret" })
	client := browser(t)
	u := authorize(t, client, app)
	status, _ := callback(t, client, u)
	assertRefused(t, app, status, nil, "not-the-secret", u.Query().Get("code"))
	assertStep(t, app.err(), "code exchange")
}

func assertStep(t *testing.T, err error, step string) {
	t.Helper()
	var se *stepError
	if !errors.As(err, &se) || se.step != step {
		t.Errorf("failed at %v, want step %q", err, step)
	}
}

func assertDetail(t *testing.T, err error, part string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), part) {
		t.Errorf("error %v does not mention %q", err, part)
	}
}
