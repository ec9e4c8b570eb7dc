package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
)

// scopedToken issues a token for staffID with roles and scopes.
func (a *app) scopedToken(staffID string, roles []access.Role, scopes ...access.Scope) []string {
	a.t.Helper()
	secret, _, err := a.creds.CreateToken(context.Background(), credentials.NewToken{Name: "Integration",
		Roles: roles, Scopes: scopes, CreatedBy: staffID})
	must(a.t, err)
	return []string{"Authorization", "Bearer " + secret}
}

// TestEveryAPIRouteHasAScope: issue 18 asks that every API route need one
// scope, named in one table; a read scope never opens a write, so a GET
// needs a ":read" scope and every other method a ":write" one (a search
// and an export sent by POST only read).
func TestEveryAPIRouteHasAScope(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	seen := map[string]bool{}
	for _, rt := range routeTable(t, a) {
		if !strings.HasPrefix(rt.pattern, "/api/") {
			continue
		}
		key := rt.method + " " + rt.pattern
		seen[key] = true
		scope, ok := web.APIScopes[key]
		if !ok {
			t.Errorf("%s needs no scope in web.APIScopes: every token would be refused", key)
			continue
		}
		if _, err := access.ParseScope(string(scope)); err != nil {
			t.Errorf("%s: %v", key, err)
		}
		reads := rt.method == http.MethodGet || key == "POST /api/v1/contacts/search" || key == "POST /api/v1/contacts/export"
		if reads != strings.HasSuffix(string(scope), ":read") {
			t.Errorf("%s needs %s: a read needs a read scope, a write a write scope", key, scope)
		}
	}
	used := map[access.Scope]bool{}
	for key, scope := range web.APIScopes {
		used[scope] = true
		if !seen[key] {
			t.Errorf("web.APIScopes names %s, which is no API route", key)
		}
	}
	for _, sc := range access.Scopes {
		if !used[sc] {
			t.Errorf("the scope %s opens no route: the token form would offer it for nothing", sc)
		}
	}
	// The OpenAPI document tells clients each operation's scope.
	raw, err := os.ReadFile("openapi.json")
	must(t, err)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"` // operations, and a path's parameters
	}
	must(t, json.Unmarshal(raw, &doc))
	for key, scope := range web.APIScopes {
		method, path, _ := strings.Cut(key, " ")
		var op struct {
			Scope string `json:"x-klient-scope"`
		}
		_ = json.Unmarshal(doc.Paths[path][strings.ToLower(method)], &op) // missing: Scope stays "" and is reported
		if got := op.Scope; got != string(scope) {
			t.Errorf("openapi.json: %s has x-klient-scope %q; the server needs %q", key, got, scope)
		}
	}
}

// TestTokenActsWithinScopesAndRoles: a token reaches only what both its
// scopes and its roles allow; a missing scope is a 403 that names it and
// writes nothing, and what its member may not see stays a 404 as for an
// unknown ID.
func TestTokenActsWithinScopesAndRoles(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	contactID := a.createPerson("Sara", "Skoglund")
	lawyer := a.member(access.RoleLawyer)
	reader := a.as("")
	readOnly := a.scopedToken(lawyer.ID, []access.Role{access.RoleLawyer}, access.ScopeContactsRead)

	wantStatus(t, reader.call(http.MethodGet, "/api/v1/contacts/"+contactID, "", readOnly...), http.StatusOK)
	// The read is in the access log under the token, and the page names it.
	entries, err := accesslog.Search(context.Background(), a.pool, a.keys, accesslog.Filter{StaffID: lawyer.ID})
	must(t, err)
	tokens, err := a.creds.ListTokens(context.Background())
	must(t, err)
	if len(entries) != 1 || len(tokens) != 1 || entries[0].TokenID != tokens[0].ID || entries[0].Via != accesslog.ViaAPI {
		t.Fatalf("access log %+v; want the read via the API with token %+v", entries, tokens)
	}
	auditor := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	wantContains(t, auditor.get("/admin/access-log").Body.String(), "med API-nyckeln ”Integration”")
	before := a.events()
	p := wantProblem(t, reader.call(http.MethodPost, "/api/v1/contacts", annaJSON, readOnly...), http.StatusForbidden)
	if p.Code != "auth.token_scope" || !strings.Contains(p.Detail, "contacts:write") || !strings.Contains(p.Detail, "API-nyckeln saknar") {
		t.Errorf("a write with a read-only token: %+v; want auth.token_scope naming contacts:write, in Swedish", p)
	}
	en := append(append([]string{}, readOnly...), "Accept-Language", "en")
	p = wantProblem(t, reader.call(http.MethodGet, "/api/v1/matters", "", en...), http.StatusForbidden)
	if p.Code != "auth.token_scope" || !strings.Contains(p.Detail, "lacks the scope matters:read") {
		t.Errorf("a matter list with a contacts token: %+v; want the English message naming matters:read", p)
	}
	if a.events() != before {
		t.Error("a request refused for its scope wrote something")
	}
	// Every use, refused ones too, is in the server's request log under the
	// token's ID (the log never holds its name or secret).
	if n := strings.Count(a.logs.String(), `"token_id":"`+tokens[0].ID+`"`); n < 3 {
		t.Errorf("the request log names the token on %d lines; want every one of its 3 requests", n)
	}

	// The scope is there, the role is not: the roles still decide.
	analyst := a.member(access.RoleAnalyst)
	analystToken := a.scopedToken(analyst.ID, []access.Role{access.RoleAnalyst}, access.ScopeContactsRead)
	p = wantProblem(t, reader.call(http.MethodGet, "/api/v1/contacts/"+contactID, "", analystToken...), http.StatusForbidden)
	if p.Code != "auth.not_allowed" {
		t.Errorf("an analyst's token reading a contact: %+v; want auth.not_allowed", p)
	}

	// A matter its member may not see answers as an unknown one does.
	client := a.createPerson("Klara", "Klient")
	owner, _ := a.lawyer()
	m := a.openMatter("Tvist om arv", owner.ID, client, nil, nil, nil)
	matters := a.scopedToken(lawyer.ID, []access.Role{access.RoleLawyer}, access.ScopeMattersRead)
	hidden := reader.call(http.MethodGet, "/api/v1/matters/"+m.ID, "", matters...)
	unknown := reader.call(http.MethodGet, "/api/v1/matters/"+newID(), "", matters...)
	wantProblem(t, hidden, http.StatusNotFound)
	if hp, up := decode[web.Problem](t, hidden), decode[web.Problem](t, unknown); hp.Code != up.Code || hp.Detail != up.Detail {
		t.Errorf("a matter not the member's: %+v; an unknown one: %+v", hp, up)
	}
}

// TestExpiredTokenIsTold: an expired token is a 401 that says it expired
// (Swedish, or English when asked), so the firm's IT asks for a new one.
func TestExpiredTokenIsTold(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.member(access.RoleLawyer)
	bearer := a.scopedToken(m.ID, []access.Role{access.RoleLawyer}, access.ScopeContactsRead)
	wantStatus(t, a.as("").call(http.MethodGet, "/api/v1/contacts", "", bearer...), http.StatusOK)
	_, err := a.pool.Exec(context.Background(), `UPDATE credentials_tokens SET expires_at = now() - interval '1 second'`)
	must(t, err)
	p := wantProblem(t, a.as("").call(http.MethodGet, "/api/v1/contacts", "", bearer...), http.StatusUnauthorized)
	if p.Code != "auth.token_expired" || !strings.Contains(p.Detail, "API-nyckeln har gått ut") {
		t.Errorf("expired token: %+v; want auth.token_expired in Swedish", p)
	}
	en := append(append([]string{}, bearer...), "Accept-Language", "en")
	p = wantProblem(t, a.as("").call(http.MethodGet, "/api/v1/contacts", "", en...), http.StatusUnauthorized)
	if !strings.Contains(p.Detail, "The API token has expired") {
		t.Errorf("expired token in English: %+v", p)
	}
}

// TestTokenPageScopesAndExpiry: the page offers every scope as a checkbox
// and an expiry 90 days ahead; a token needs a scope, and may not be
// valid for more than a year.
func TestTokenPageScopesAndExpiry(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	page := admin.get("/admin/tokens").Body.String()
	for _, sc := range access.Scopes {
		wantContains(t, page, `name="scopes" value="`+string(sc)+`"`)
	}
	// Dates are Stockholm's (README); the day may turn between the page and
	// this line, so the day after is accepted too.
	at := time.Now().Add(90 * 24 * time.Hour).In(i18n.Stockholm)
	in90, in91 := at.Format("2006-01-02"), at.AddDate(0, 0, 1).Format("2006-01-02")
	if !strings.Contains(page, `value="`+in90+`"`) && !strings.Contains(page, `value="`+in91+`"`) {
		t.Errorf("the expiry field is not filled in 90 days ahead (%s)", in90)
	}
	noScope := admin.post("/admin/tokens", url.Values{"name": {"Tidrapport"}, "roles": {"lawyer"}})
	wantStatus(t, noScope, http.StatusUnprocessableEntity)
	wantContains(t, noScope.Body.String(), "Välj minst en behörighet för nyckeln.")
	tooLong := admin.post("/admin/tokens", url.Values{"name": {"Tidrapport"}, "roles": {"lawyer"},
		"scopes": {"matters:read"}, "expires_at": {time.Now().AddDate(1, 1, 0).Format("2006-01-02")}})
	wantStatus(t, tooLong, http.StatusUnprocessableEntity)
	wantContains(t, tooLong.Body.String(), "En nyckel kan gälla högst ett år.")
	tokens, err := a.creds.ListTokens(context.Background())
	must(t, err)
	if len(tokens) != 0 {
		t.Fatalf("refused forms made %d tokens", len(tokens))
	}
	ok := admin.post("/admin/tokens", url.Values{"name": {"Tidrapport"}, "roles": {"lawyer"},
		"scopes": {"matters:read", "tasks:read"}})
	wantStatus(t, ok, http.StatusCreated)
	list := admin.get("/admin/tokens").Body.String()
	wantContains(t, list, "<code>matters:read</code>, <code>tasks:read</code>")
}

// TestTokenRateLimit: each token has its own bucket (here 3 at once, one
// a second); past it the API answers 429 with Retry-After and a problem,
// and neither another token nor a signed-in member is slowed by it.
func TestTokenRateLimit(t *testing.T) {
	t.Parallel()
	a := newAppWith(t, web.Config{APIRate: 1, APIBurst: 3})
	m := a.member(access.RoleLawyer)
	busy := a.scopedToken(m.ID, []access.Role{access.RoleLawyer}, access.ScopeContactsRead)
	calm := a.scopedToken(m.ID, []access.Role{access.RoleLawyer}, access.ScopeContactsRead)
	for i := range 3 {
		if rec := a.as("").call(http.MethodGet, "/api/v1/contacts", "", busy...); rec.Code != http.StatusOK {
			t.Fatalf("request %d of a burst of 3: %d %s", i+1, rec.Code, rec.Body)
		}
	}
	rec := a.as("").call(http.MethodGet, "/api/v1/contacts", "", busy...)
	p := wantProblem(t, rec, http.StatusTooManyRequests)
	if p.Code != "api.rate_limited" || !strings.Contains(p.Detail, "För många anrop") {
		t.Errorf("429: %+v", p)
	}
	if ra := rec.Header().Get("Retry-After"); ra != "1" {
		t.Errorf("Retry-After %q; want 1 (one request a second)", ra)
	}
	wantStatus(t, a.as("").call(http.MethodGet, "/api/v1/contacts", "", calm...), http.StatusOK)
	for range 5 {
		wantStatus(t, a.call(http.MethodGet, "/api/v1/contacts", ""), http.StatusOK) // the session's member
	}
	time.Sleep(1100 * time.Millisecond)
	wantStatus(t, a.as("").call(http.MethodGet, "/api/v1/contacts", "", busy...), http.StatusOK)
}
