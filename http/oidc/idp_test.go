package oidc

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"golang.org/x/text/language"
)

// The people and the client every test provider knows. The e-mail is one of
// Klient's own, so a test that finds it knows it came through the flow.
const (
	testUser     = "advokat"
	testPassword = "correct horse battery staple"
	testEmail    = "advokat@byra.example.se"
	testSubject  = "user-1"
	testClientID = "klient-web"
	testSecret   = "klient-secret"
)

// testIdP is a real OpenID Provider (zitadel's op package with its example
// in-memory storage and login page) listening on 127.0.0.1.
type testIdP struct {
	URL string
}

// startIdP registers one confidential web client for redirectURL and serves
// until the test ends.
func startIdP(t *testing.T, redirectURL string) *testIdP {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String()
	clients := map[string]*storage.Client{
		testClientID: storage.WebClient(testClientID, testSecret, redirectURL),
	}
	store := storage.NewStorageWithClients(userStore{}, clients)
	srv.Config.Handler = exampleop.SetupServer(issuer, store, nil, false)
	srv.Start()
	t.Cleanup(srv.Close)
	return &testIdP{URL: issuer}
}

// userStore is the provider's directory: one person with a verified e-mail.
type userStore struct{}

func (userStore) ExampleClientID() string { return "service" }

func (userStore) GetUserByID(id string) *storage.User {
	if id != testSubject {
		return nil
	}
	return &storage.User{
		ID: testSubject, Username: testUser, Password: testPassword,
		FirstName: "Ada", LastName: "Advokat", Email: testEmail,
		EmailVerified: true, PreferredLanguage: language.Swedish,
	}
}

func (u userStore) GetUserByUsername(name string) *storage.User {
	if name != testUser {
		return nil
	}
	return u.GetUserByID(testSubject)
}

// startImpostor serves real's discovery document under its own URL, as a
// misconfigured or hostile issuer would: everything works except that the
// ID tokens come from another issuer than the one Klient trusts.
func startImpostor(t *testing.T, real *testIdP) string {
	t.Helper()
	srv := httptest.NewServer(nil)
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		doc := fetchDiscovery(t, real.URL)
		doc["issuer"] = srv.URL
		w.Header().Set("Content-Type", "application/json")
		writeJSON(t, w, doc)
	})
	t.Cleanup(srv.Close)
	return srv.URL
}
