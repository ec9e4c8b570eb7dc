package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
)

// TestSignInIsThrottled: after the account's free failures even the right
// password is refused with 429, a time to retry, and nothing written; a
// JSON client gets a 429 problem with Retry-After.
func TestSignInIsThrottled(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.member(access.RoleLawyer)
	for range 5 {
		if res := a.login(m.Email, "fel lösenord helt klart"); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure before the lockout: %d", res.StatusCode)
		}
	}
	before := a.writes()
	rec := a.as("").post("/login", url.Values{"email": {m.Email}, "password": {testPassword}})
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" || len(rec.Result().Cookies()) != 0 {
		t.Fatalf("locked account: %d Retry-After=%q", rec.Code, rec.Header().Get("Retry-After"))
	}
	wantContains(t, rec.Body.String(), "För många misslyckade inloggningar. Försök igen om")
	api := a.as("").post("/login", url.Values{"email": {m.Email}, "password": {testPassword}}, "Accept", "application/json")
	if p := wantProblem(t, api, http.StatusTooManyRequests); api.Header().Get("Retry-After") == "" || p.Title == "" {
		t.Errorf("JSON client: %+v", p)
	}
	if a.writes() != before {
		t.Error("a throttled sign-in wrote something")
	}
}

func TestExpiredOrTamperedSessionsSignInAgain(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.member(access.RoleLawyer)
	expired, tampered := a.signIn(m.ID), a.signIn(m.ID)
	_, err := a.pool.Exec(context.Background(), `UPDATE credentials_sessions
		SET created_at = now() - interval '13 hours', last_seen_at = now() - interval '2 hours' WHERE staff_id = $1`, m.ID)
	must(t, err)
	tampered = flipLast(tampered)
	for _, cookie := range []string{expired, tampered, "forged-" + m.ID} {
		before := a.writes()
		page := a.as(cookie).get("/contacts/new")
		if page.Code != http.StatusSeeOther || page.Header().Get("Location") != "/login?next=%2Fcontacts%2Fnew" {
			t.Errorf("page with a dead session: %d %q", page.Code, page.Header().Get("Location"))
		}
		wantProblem(t, a.as(cookie).call(http.MethodGet, "/api/v1/contacts", ""), http.StatusUnauthorized)
		if wrote := a.as(cookie).post("/contacts", personForm("")); wrote.Code != http.StatusSeeOther || a.writes() > before {
			t.Errorf("a write with a dead session: %d, %d writes", wrote.Code, a.writes()-before)
		}
	}
}

// TestTokensAreScopedAndRevocable: a token acts with its own roles only,
// is refused (403) an action they lack, stops (401) when revoked, and
// opens no page.
func TestTokensAreScopedAndRevocable(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.member(access.RoleAdmin)
	analyst, lawyer := a.token(admin.ID, access.RoleAnalyst), a.token(admin.ID, access.RoleLawyer)
	bearer := func(secret string) []string { return []string{"Authorization", "Bearer " + secret} }
	before := a.writes()
	wantProblem(t, a.as("").call(http.MethodGet, "/api/v1/contacts", "", bearer(analyst)...), http.StatusForbidden)
	wantProblem(t, a.as("").call(http.MethodPost, "/api/v1/contacts", annaJSON, bearer(analyst)...), http.StatusForbidden)
	if a.writes() != before {
		t.Error("a refused token wrote something")
	}
	wantStatus(t, a.as("").call(http.MethodGet, "/api/v1/contacts", "", bearer(lawyer)...), http.StatusOK)
	if page := a.as("").call(http.MethodGet, "http://klient.test/contacts", "", bearer(lawyer)...); page.Code != http.StatusSeeOther {
		t.Errorf("a token opened a page: %d", page.Code)
	}
	tokens, err := a.creds.ListTokens(context.Background())
	must(t, err)
	for _, tok := range tokens {
		must(t, a.creds.RevokeToken(context.Background(), tok.ID, admin.ID))
	}
	wantProblem(t, a.as("").call(http.MethodGet, "/api/v1/contacts", "", bearer(lawyer)...), http.StatusUnauthorized)
}

// TestDeactivationEndsSessionsAtOnce: the admin page deactivates, and the
// member's open session is refused at the next request.
func TestDeactivationEndsSessionsAtOnce(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	m := a.member(access.RoleLawyer)
	session := a.as(a.signIn(m.ID))
	wantStatus(t, session.get("/contacts"), http.StatusOK)
	page := admin.get("/admin/staff/" + m.ID).Body.String()
	rec := admin.confirmed("/admin/staff/"+m.ID+"/deactivate", url.Values{"version": {hidden(t, page, "version")}})
	wantStatus(t, rec, http.StatusSeeOther)
	wantStatus(t, session.get("/contacts"), http.StatusSeeOther)
	var n int
	must(t, a.pool.QueryRow(context.Background(), `SELECT count(*) FROM credentials_sessions WHERE staff_id = $1`, m.ID).Scan(&n))
	if n != 0 {
		t.Errorf("%d sessions outlived the deactivation", n)
	}
	if res := a.login(m.Email, testPassword); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a deactivated member signed in: %d", res.StatusCode)
	}
}

// TestRefusalsWriteNothing: a forbidden action and a cross-origin form
// write nothing and leave a warning with the route and the staff ID.
func TestRefusalsWriteNothing(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	marketing := a.as(a.signIn(a.member(access.RoleMarketing).ID))
	before := a.writes()
	wantStatus(t, marketing.post("/contacts", personForm("")), http.StatusForbidden)
	wantStatus(t, marketing.post("/admin/staff", url.Values{"name": {"X"}}), http.StatusForbidden)
	wantStatus(t, a.post("/logout", nil, "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"), http.StatusForbidden)
	if a.writes() != before {
		t.Errorf("refusals wrote %d rows or events", a.writes()-before)
	}
	var refused int
	must(t, a.pool.QueryRow(context.Background(), `SELECT count(*) FROM access_log WHERE refused = 'forbidden'`).Scan(&refused))
	if refused != 2 {
		t.Errorf("the access log records %d refusals by role, want 2 (the cross-origin form is no need-to-know refusal)", refused)
	}
	logs := a.logs.String()
	for _, want := range []string{`"reason":"forbidden","method":"POST","route":"/admin/staff"`, `"reason":"cross_origin","method":"POST","route":"/logout"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("no warning %s", want)
		}
	}
}

// flipLast changes a token's last character.
func flipLast(s string) string {
	if strings.HasSuffix(s, "A") {
		return s[:len(s)-1] + "B"
	}
	return s[:len(s)-1] + "A"
}
