package http_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
)

// guardedRoute is one route of the real router with its declared action.
type guardedRoute struct {
	method, pattern string
	action          access.Action
}

// routeTable walks the real router: every route must be public or declare
// exactly one action; one that does neither was registered around the
// guard and fails the test.
func routeTable(t *testing.T, a *app) []guardedRoute {
	t.Helper()
	var out []guardedRoute
	err := chi.Walk(a.router, func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		key := method + " " + pattern
		action, guarded := a.srv.Actions()[key]
		switch {
		case guarded && action != "":
			out = append(out, guardedRoute{method, pattern, action})
		case !a.srv.PublicRoutes()[key]:
			t.Errorf("route %s declares no access action and is not public", key)
		}
		return nil
	})
	must(t, err)
	if len(out) < 30 {
		t.Fatalf("walked only %d guarded routes", len(out))
	}
	return out
}

// TestRouteMatrix signs in, for every role, a member holding only that
// role and calls every route: it must pass the guard (any status but 401
// and 403) exactly when the README's table of roles says the role may take
// the route's action, and be refused with 403 otherwise; no answer may be
// a 5xx. API routes are called again
// with a token of that role. Requests carry no valid input, so an allowed
// write stops at validation (or an unknown ID) and writes nothing.
func TestRouteMatrix(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	contactID := a.createPerson("Matris", "Testsson")
	routes := routeTable(t, a)
	table := readmeRoles(t)
	before := a.events()
	for _, role := range access.Roles {
		m := a.member(role)
		token := a.token(m.ID, role)
		for _, rt := range routes {
			path := concrete(rt.pattern, contactID)
			allowed, listed := table[rt.action][role]
			if !listed {
				t.Fatalf("the README's table of roles lacks %s or %s", rt.action, role)
			}
			check(t, role, rt, allowed, a.as(a.signIn(m.ID)).send(matrixRequest(rt.method, path)))
			if strings.HasPrefix(path, "/api/") {
				req := matrixRequest(rt.method, path)
				req.Header.Set("Authorization", "Bearer "+token)
				check(t, role, rt, allowed, a.as("").send(req))
			}
		}
	}
	if n := a.events() - before - len(access.Roles); n != 0 {
		t.Errorf("the matrix wrote %d events besides registering its members", n)
	}
}

func check(t *testing.T, role access.Role, rt guardedRoute, allowed bool, rec *httptest.ResponseRecorder) {
	t.Helper()
	refused := rec.Code == http.StatusUnauthorized || rec.Code == http.StatusForbidden
	switch {
	case rec.Code >= 500:
		t.Errorf("%s %s (%s) as %s: %d, a server error", rt.method, rt.pattern, rt.action, role, rec.Code)
	case allowed && refused:
		t.Errorf("%s %s (%s) as %s: %d, want allowed", rt.method, rt.pattern, rt.action, role, rec.Code)
	case !allowed && rec.Code != http.StatusForbidden:
		t.Errorf("%s %s (%s) as %s: %d, want 403", rt.method, rt.pattern, rt.action, role, rec.Code)
	}
}

// concrete fills a pattern's {id}: a real contact for contact routes (so
// an allowed read is a 200), an unknown ID elsewhere (so no real member,
// token or wall is touched).
func concrete(pattern, contactID string) string {
	id := "01900000-0000-7000-8000-000000000000"
	if strings.Contains(pattern, "/contacts/") {
		id = contactID
	}
	path := strings.ReplaceAll(pattern, "{id}", id)
	return regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(path, "01900000-0000-7000-8000-000000000001")
}

// matrixRequest is a same-origin request with an empty body.
func matrixRequest(method, path string) *http.Request {
	req := httptest.NewRequest(method, "http://klient.test"+path, strings.NewReader(""))
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if method != http.MethodGet {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req
}

// token issues an API token with roles and every scope, created by
// staffID: the roles alone decide (scopes: api_tokens_test.go).
func (a *app) token(staffID string, roles ...access.Role) string {
	a.t.Helper()
	secret, _, err := a.creds.CreateToken(context.Background(), credentials.NewToken{Name: "test", Roles: roles,
		Scopes: access.Scopes, CreatedBy: staffID})
	must(a.t, err)
	return secret
}

// roleTable is the README's table of roles: action → role → allowed.
type roleTable map[access.Action]map[access.Role]bool

// readmeRoles reads the table under "### Roles" in the README, the
// specification the route matrix is checked against (not access.Allows,
// the function under test).
func readmeRoles(t *testing.T) roleTable {
	t.Helper()
	section := docSection(t, "README.md", "### Roles")
	var header []string
	table := roleTable{}
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "|") {
			if header != nil {
				break
			}
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		switch {
		case header == nil:
			header = cells
		case strings.HasPrefix(cells[0], "---"):
		default:
			action := access.Action(strings.Trim(cells[0], "`"))
			table[action] = map[access.Role]bool{}
			for i, c := range cells[1:] {
				table[action][access.Role(header[i+1])] = c == "✓"
			}
		}
	}
	if len(table) < 20 {
		t.Fatalf("read only %d actions from the README's table", len(table))
	}
	return table
}
