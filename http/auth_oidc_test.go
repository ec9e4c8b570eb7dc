package http_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	klienthttp "github.com/klient-crm/klient/http"
	"github.com/klient-crm/klient/http/oidc"
	"github.com/klient-crm/klient/http/web"
)

// fakeIdP stands in for the identity provider's side of the flow, which
// http/oidc tests against a real provider: here only the mapping of its
// answer to a Klient session is under test.
type fakeIdP struct {
	identity oidc.Identity
	err      error
}

func (f *fakeIdP) Start(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "https://idp.example/authorize", http.StatusFound)
}

func (f *fakeIdP) Finish(http.ResponseWriter, *http.Request) (oidc.Identity, error) {
	return f.identity, f.err
}

// TestSingleSignOnSignsInActiveMembersOnly: the provider's e-mail address
// of an active member starts a session like the password form; an unknown
// address and a failed flow are refused without a session.
func TestSingleSignOnSignsInActiveMembersOnly(t *testing.T) {
	t.Parallel()
	idp := &fakeIdP{}
	a := newAppWith(t, web.Config{}, func(d *klienthttp.Deps) { d.OIDC = idp })
	m := a.member(access.RoleLawyer)
	wantContains(t, a.as("").get("/login").Body.String(), `href="/auth/oidc/start"`)
	wantStatus(t, a.as("").get("/auth/oidc/start"), http.StatusFound)

	idp.identity = oidc.Identity{Subject: "user-1", Email: m.Email}
	res := a.as("").get("/auth/oidc/callback").Result()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("callback for an active member: %d", res.StatusCode)
	}
	wantStatus(t, a.as(sessionCookie(t, res).Value).get("/contacts"), http.StatusOK)

	before := a.writes()
	idp.identity = oidc.Identity{Subject: "user-2", Email: "okand@byran.example"}
	unknown := a.as("").get("/auth/oidc/callback")
	idp.err = domain.Forbidden("state mismatch").WithCode(oidc.CodeFailed)
	failed := a.as("").get("/auth/oidc/callback")
	for _, rec := range []*httptest.ResponseRecorder{unknown, failed} {
		if r := rec.Result(); r.StatusCode != http.StatusForbidden || len(r.Cookies()) != 0 {
			t.Errorf("refused single sign-on: %d %v", r.StatusCode, r.Cookies())
		}
	}
	wantContains(t, unknown.Body.String(), "Det finns inget aktivt Klient-konto")
	if a.writes() != before {
		t.Error("a refused single sign-on wrote something")
	}
	idp.err = errors.New("database down")
	wantStatus(t, a.as("").get("/auth/oidc/callback"), http.StatusInternalServerError)
}

func TestSingleSignOnIsAbsentUnlessConfigured(t *testing.T) {
	t.Parallel()
	_, r, _ := frameworkServer(t)
	for _, path := range []string{"/auth/oidc/start", "/auth/oidc/callback"} {
		if rec := do(r, newGet(path)); rec.Code != http.StatusNotFound {
			t.Errorf("%s without single sign-on: %d", path, rec.Code)
		}
	}
}

func newGet(path string) *http.Request { return httptest.NewRequest(http.MethodGet, path, nil) }
