package oidc

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// The provider's login page carries the pending authorisation request's ID
// in a hidden field; a person would just see the form.
var loginRequestID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// authorize plays the person at the browser: it starts at Klient, follows
// the redirects to the provider's login page, submits the password and
// returns the callback URL the provider sends the browser back to.
func authorize(t *testing.T, client *http.Client, app *testApp) *url.URL {
	t.Helper()
	resp, err := client.Get(app.URL + "/auth/oidc/start")
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	loginPage := resp.Request.URL
	m := loginRequestID.FindStringSubmatch(readBody(t, resp))
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("expected the provider's login form at %s, got %d", loginPage, resp.StatusCode)
	}
	return submitLogin(t, client, loginPage, m[1])
}

func submitLogin(t *testing.T, client *http.Client, loginPage *url.URL, requestID string) *url.URL {
	t.Helper()
	form := url.Values{"id": {requestID}, "username": {testUser}, "password": {testPassword}}
	resp, err := client.PostForm(loginPage.ResolveReference(&url.URL{Path: "/login/username"}).String(), form)
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	body := readBody(t, resp)
	location, err := resp.Location()
	if resp.StatusCode != http.StatusFound || err != nil || location.Path != callbackPath {
		t.Fatalf("expected a redirect to the callback after login, got %d: %.300s", resp.StatusCode, body)
	}
	return location
}

// callback delivers the provider's redirect to Klient.
func callback(t *testing.T, client *http.Client, u *url.URL) (int, string) {
	t.Helper()
	resp, err := client.Get(u.String())
	if err != nil {
		t.Fatalf("callback: %v", err)
	}
	return resp.StatusCode, readBody(t, resp)
}

func withQuery(u *url.URL, key, value string) *url.URL {
	c := *u
	q := c.Query()
	q.Set(key, value)
	c.RawQuery = q.Encode()
	return &c
}

func fetchDiscovery(t *testing.T, issuer string) map[string]any {
	t.Helper()
	resp, err := http.Get(strings.TrimSuffix(issuer, "/") + "/.well-known/openid-configuration")
	if err != nil {
		t.Errorf("discovery: %v", err)
		return nil
	}
	var doc map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Errorf("discovery: %v", err)
	}
	resp.Body.Close()
	return doc
}

func writeJSON(t *testing.T, w http.ResponseWriter, v any) {
	if err := json.NewEncoder(w).Encode(v); err != nil {
		t.Errorf("encode: %v", err)
	}
}
