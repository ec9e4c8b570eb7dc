package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
)

// writes counts everything a request could leave behind: events, sessions,
// API tokens, passwords and access-log entries. The throttle's counters
// are left out: counting a failure is what a refused sign-in must do.
func (a *app) writes() int {
	a.t.Helper()
	n := a.events()
	// A refused attempt's own line in the access log is the record of the
	// refusal, not a write it made.
	for _, table := range []string{"credentials_sessions", "credentials_tokens", "credentials_passwords", "access_log WHERE refused = ''"} {
		var c int
		must(a.t, a.pool.QueryRow(context.Background(), "SELECT count(*) FROM "+table).Scan(&c))
		n += c
	}
	return n
}

// login posts the sign-in form from a browser with no session.
func (a *app) login(email, password string, headers ...string) *http.Response {
	a.t.Helper()
	return a.as("").post("/login", url.Values{"email": {email}, "password": {password}, "next": {"/contacts"}}, headers...).Result()
}

func TestSignInStartsANewSession(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.member(access.RoleLawyer)
	res := a.login(m.Email, testPassword)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/contacts" {
		t.Fatalf("sign-in: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	c := sessionCookie(t, res)
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
		t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/, not Secure on plain HTTP", c)
	}
	wantStatus(t, a.as(c.Value).get("/contacts"), http.StatusOK)
	// Signing in again from the same browser ends the first session.
	again := a.as(c.Value).post("/login", url.Values{"email": {m.Email}, "password": {testPassword}}).Result()
	if next := sessionCookie(t, again); next.Value == c.Value {
		t.Error("sign-in reused the session token the browser had")
	}
	wantStatus(t, a.as(c.Value).get("/contacts"), http.StatusSeeOther)
}

func TestSecureCookiesUseTheHostPrefix(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, web.Config{SecureCookies: true})
	m := a.member(access.RoleLawyer)
	res := a.login(m.Email, testPassword)
	var c *http.Cookie
	for _, k := range res.Cookies() {
		if k.Name == web.SessionCookieSecure {
			c = k
		}
	}
	if c == nil || !c.Secure || !c.HttpOnly || c.Path != "/" || c.Domain != "" {
		t.Fatalf("behind TLS the session cookie must be __Host-klient_session, Secure, host-only: %v", res.Cookies())
	}
}

// TestWrongPasswordAndUnknownUserLookAlike: the same status and page (but
// for the address typed and the correlation ID), no session, nothing
// written, and a warning naming no address.
func TestWrongPasswordAndUnknownUserLookAlike(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.member(access.RoleLawyer)
	before := a.writes()
	wrong := a.as("").post("/login", url.Values{"email": {m.Email}, "password": {"fel lösenord helt klart"}})
	unknown := a.as("").post("/login", url.Values{"email": {"ingen@byran.example"}, "password": {"fel lösenord helt klart"}})
	if wrong.Code != http.StatusUnauthorized || unknown.Code != http.StatusUnauthorized {
		t.Fatalf("statuses %d and %d, want 401 both", wrong.Code, unknown.Code)
	}
	if scrub(wrong, m.Email) != scrub(unknown, "ingen@byran.example") {
		t.Error("a wrong password and an unknown address get different pages")
	}
	wantContains(t, wrong.Body.String(), "E-postadressen eller lösenordet är fel.")
	if len(wrong.Result().Cookies())+len(unknown.Result().Cookies()) != 0 || a.writes() != before {
		t.Error("a failed sign-in set a cookie or wrote something")
	}
	if logs := a.logs.String(); !strings.Contains(logs, `"reason":"bad_login"`) || strings.Contains(logs, "ingen@byran") ||
		strings.Contains(logs, m.Email) {
		t.Error("a failed sign-in is not logged as a refusal, or its log names an address")
	}
}

func sessionCookie(t *testing.T, res *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range res.Cookies() {
		if c.Name == web.SessionCookieDev && c.Value != "" {
			return c
		}
	}
	t.Fatalf("no session cookie: %d %v", res.StatusCode, res.Header)
	return nil
}

// Signing in without a page to return to lands each role on its own start
// page: an auditor on the audit trail, the DPO on the register, an
// analyst on the reports, an administrator on the staff (under the access
// review's reminder, docs/gdpr.md); never on a page their roles refuse.
func TestSignInLandsEachRoleOnItsStartPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	for role, want := range map[access.Role]string{access.RoleAuditor: "/audit", access.RoleDPO: "/gdpr",
		access.RoleAnalyst: "/reports", access.RoleLawyer: "/work", access.RoleAdmin: "/admin/staff"} {
		m := a.member(role)
		res := a.as("").post("/login", url.Values{"email": {m.Email}, "password": {testPassword}}).Result()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Fatalf("%s signing in: %d to %q", role, res.StatusCode, res.Header.Get("Location"))
		}
		home := a.as(sessionCookie(t, res).Value).get("/")
		if home.Code != http.StatusSeeOther || location(home) != want {
			t.Errorf("%s's start page: %d to %q, want %s", role, home.Code, location(home), want)
		}
	}
}

// A return address that a browser would read as another site (issue 11,
// item 10: a tab is dropped, so "/\t/evil.example" is "//evil.example")
// leads to the start page after signing in and after switching language.
func TestSignInAndLanguageSwitchStayOnThisSite(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.member(access.RoleLawyer)
	for _, next := range []string{"/\t/evil.example", "/\\evil.example", "//evil.example", "/\n/evil.example"} {
		res := a.as("").post("/login", url.Values{"email": {m.Email}, "password": {testPassword}, "next": {next}}).Result()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Errorf("signing in with next=%q: %d to %q, want /", next, res.StatusCode, res.Header.Get("Location"))
		}
		form := a.as("").get("/login?next=" + url.QueryEscape(next)).Body.String()
		wantAbsent(t, form, "evil.example")
		lang := a.as("").post("/lang", url.Values{"lang": {"en"}, "return": {next}})
		if lang.Code != http.StatusSeeOther || location(lang) != "/" {
			t.Errorf("switching language with return=%q: %d to %q, want /", next, lang.Code, location(lang))
		}
	}
}

// The account page lists the browsers a member is signed in on, this one
// marked, and "sign out everywhere" ends them all, this one too (issue 11,
// item 12).
func TestAccountListsSessionsAndSignsOutEverywhere(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.member(access.RoleLawyer)
	phone := sessionCookie(t, a.login(m.Email, testPassword, "User-Agent", "Telefonen/1.0")).Value
	desk := sessionCookie(t, a.login(m.Email, testPassword, "User-Agent", "Skrivbordet/2.0")).Value

	page := a.as(desk).get("/account")
	wantStatus(t, page, http.StatusOK)
	body := page.Body.String()
	wantContains(t, body, "Inloggningar", "Telefonen/1.0", "Skrivbordet/2.0 <strong>(den här webbläsaren)</strong>", "Logga ut överallt")
	if strings.Count(body, "(den här webbläsaren)") != 1 {
		t.Error("more than one browser is marked as this one")
	}

	out := a.as(desk).confirmed("/account/sessions/end", url.Values{})
	if out.Code != http.StatusSeeOther || location(out) != "/login" {
		t.Fatalf("sign out everywhere: %d to %q", out.Code, location(out))
	}
	for name, cookie := range map[string]string{"the phone": phone, "this browser": desk} {
		if rec := a.as(cookie).get("/account"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(location(rec), "/login") {
			t.Errorf("%s after signing out everywhere: %d to %q", name, rec.Code, location(rec))
		}
	}
}
