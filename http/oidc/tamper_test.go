package oidc

import (
	"net/http"
	"net/url"
	"testing"
)

// reseal replaces the browser's flow cookie with one that differs in a
// single field, as only someone holding the cookie key could; it shows that
// Finish checks the nonce and that the provider enforces PKCE.
func reseal(t *testing.T, app *testApp, client *http.Client, u *url.URL, change func(*flow)) {
	t.Helper()
	cookies := client.Jar.Cookies(u)
	if len(cookies) != 1 {
		t.Fatalf("want the flow cookie, have %d cookies", len(cookies))
	}
	f, err := app.Provider.sealer.open(cookies[0].Value)
	if err != nil {
		t.Fatal(err)
	}
	change(&f)
	client.Jar.SetCookies(u, []*http.Cookie{{Name: cookieName, Value: app.Provider.sealer.seal(f), Path: callbackPath}})
}

func TestNonceMismatchIsRefused(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, nil)
	client := browser(t)
	u := authorize(t, client, app)
	reseal(t, app, client, u, func(f *flow) { f.Nonce = "another-nonce" })
	status, _ := callback(t, client, u)
	assertRefused(t, app, status, errNonce)
}

func TestWrongPKCEVerifierIsRefusedByTheProvider(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, nil)
	client := browser(t)
	u := authorize(t, client, app)
	reseal(t, app, client, u, func(f *flow) { f.Verifier = "a-verifier-that-is-long-enough-to-be-valid-but-wrong-0123" })
	status, _ := callback(t, client, u)
	assertRefused(t, app, status, nil)
	assertStep(t, app.err(), "code exchange")
}

func TestProviderErrorAnswerIsRefusedWithoutItsText(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, nil)
	client := browser(t)
	u := authorize(t, client, app)
	u = withQuery(withQuery(u, "error", "access_denied"), "error_description", "<script>")
	u = withQuery(u, "code", "")
	status, _ := callback(t, client, u)
	assertRefused(t, app, status, nil, "<script>")
	assertDetail(t, app.err(), "access_denied")
}
