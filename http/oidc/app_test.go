package oidc

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const callbackPath = "/auth/oidc/callback"

// testApp stands in for Klient's web edge: the two routes the http package
// wires, plus a record of the last Finish error for the tests to inspect.
type testApp struct {
	URL      string
	Provider *Provider
	clock    atomic.Int64 // seconds added to the wall clock
	mu       sync.Mutex
	lastErr  error
}

// newTestApp starts the app and a provider that knows it; configure may
// change the app's Config before New sees it.
func newTestApp(t *testing.T, configure func(*Config, *testIdP)) *testApp {
	t.Helper()
	app := &testApp{}
	srv := httptest.NewServer(app.routes())
	t.Cleanup(srv.Close)
	app.URL = srv.URL
	idp := startIdP(t, srv.URL+callbackPath)
	cfg := Config{IssuerURL: idp.URL, ClientID: testClientID, ClientSecret: testSecret, RedirectURL: srv.URL + callbackPath}
	if configure != nil {
		configure(&cfg, idp)
	}
	p, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	p.now = func() time.Time { return time.Now().Add(time.Duration(app.clock.Load()) * time.Second) }
	app.Provider = p
	return app
}

func (a *testApp) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /auth/oidc/start", func(w http.ResponseWriter, r *http.Request) { a.Provider.Start(w, r) })
	mux.HandleFunc("GET "+callbackPath, a.callback)
	return mux
}

func (a *testApp) callback(w http.ResponseWriter, r *http.Request) {
	id, err := a.Provider.Finish(w, r)
	a.mu.Lock()
	a.lastErr = err
	a.mu.Unlock()
	if err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	_ = json.NewEncoder(w).Encode(id)
}

func (a *testApp) err() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.lastErr
}

// advance moves the app's clock, not the provider's.
func (a *testApp) advance(d time.Duration) { a.clock.Add(int64(d / time.Second)) }

// browser is an http.Client with a cookie jar that stops at Klient's
// callback, so a test can look at (or tamper with) the URL first.
func browser(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: stopAtCallback}
}

func stopAtCallback(req *http.Request, via []*http.Request) error {
	if req.URL.Path == callbackPath {
		return http.ErrUseLastResponse
	}
	if len(via) > 10 {
		return errors.New("too many redirects")
	}
	return nil
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
