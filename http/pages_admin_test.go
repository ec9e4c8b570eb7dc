package http_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
)

// secretOf reads the secret a page shows once.
func secretOf(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`<p class="secret" id="secret">([^<]+)</p>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no secret on the page: %s", page)
	}
	return m[1]
}

// TestAdminRegistersAMemberWhoSignsIn: the form registers a member with a
// generated password shown once; the member signs in with it, changes it
// on their own page, and the administrator changes their roles.
func TestAdminRegistersAMemberWhoSignsIn(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	form := admin.get("/admin/staff/new").Body.String()
	rec := admin.post("/admin/staff", url.Values{"staff_id": {hidden(t, form, "staff_id")}, "name": {"Greta Gran"},
		"email": {"Greta.Gran@byran.example"}, "roles": {"assistant"}, "new_teams": {"tvist, familj"}})
	wantStatus(t, rec, http.StatusOK)
	password := secretOf(t, rec.Body.String())
	if strings.Contains(a.logs.String(), password) {
		t.Fatal("the generated password reached the log")
	}
	wantContains(t, admin.get("/admin/staff").Body.String(), "Greta Gran", "greta.gran@byran.example", "Assistent", "familj, tvist")

	res := a.login("greta.gran@byran.example", password)
	greta := a.as(sessionCookie(t, res).Value)
	wantStatus(t, greta.get("/contacts"), http.StatusOK)
	wantStatus(t, greta.get("/contacts/new"), http.StatusOK)
	wantStatus(t, greta.get("/admin/staff"), http.StatusForbidden)
	changed := greta.post("/account/password", url.Values{"current": {password}, "password": {"ett helt nytt och långt lösenord"}})
	wantStatus(t, changed, http.StatusSeeOther)
	greta = a.as(sessionCookie(t, changed.Result()).Value)
	wantContains(t, greta.get("/account?done=password").Body.String(), "Lösenordet är bytt")
	if res := a.login("greta.gran@byran.example", password); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("the old password still works: %d", res.StatusCode)
	}

	id := strings.TrimPrefix(regexp.MustCompile(`href="/admin/staff/([0-9a-f-]{36})">Greta`).FindString(admin.get("/admin/staff").Body.String()), `href="/admin/staff/`)
	id = strings.TrimSuffix(id, `">Greta`)
	page := admin.get("/admin/staff/" + id).Body.String()
	wantStatus(t, admin.post("/admin/staff/"+id+"/roles", url.Values{"version": {hidden(t, page, "version")},
		"roles": {"marketing"}, "teams": {"tvist"}}), http.StatusSeeOther)
	wantStatus(t, greta.get("/contacts/new"), http.StatusForbidden) // roles count at the next request
}

// TestStaffFormShowsErrorsAndWritesNothing: a weak password and a missing
// role are shown next to the form, and nothing is registered.
func TestStaffFormShowsErrorsAndWritesNothing(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	before := a.writes()
	weak := admin.post("/admin/staff", url.Values{"staff_id": {"01900000-0000-7000-8000-0000000000aa"}, "name": {"Kort Lösen"},
		"email": {"kort@byran.example"}, "roles": {"lawyer"}, "password": {"kort"}})
	wantStatus(t, weak, http.StatusUnprocessableEntity)
	wantContains(t, weak.Body.String(), "Lösenordet måste ha minst 12 tecken.", `value="Kort Lösen"`)
	noRole := admin.post("/admin/staff", url.Values{"staff_id": {"01900000-0000-7000-8000-0000000000ab"}, "name": {"Ingen Roll"},
		"email": {"ingen.roll@byran.example"}})
	wantStatus(t, noRole, http.StatusUnprocessableEntity)
	wantContains(t, noRole.Body.String(), "Välj minst en roll.")
	if a.writes() != before {
		t.Error("a refused registration wrote something")
	}
}

// TestTokenPageShowsTheSecretOnce: the secret works on the API, is never
// listed, and stops working once revoked on the page.
func TestTokenPageShowsTheSecretOnce(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	rec := admin.post("/admin/tokens", url.Values{"name": {"Faktureringssystemet"}, "roles": {"marketing"},
		"scopes": {"contacts:read"}})
	wantStatus(t, rec, http.StatusCreated)
	secret := secretOf(t, rec.Body.String())
	bearer := []string{"Authorization", "Bearer " + secret}
	wantStatus(t, a.as("").call(http.MethodGet, "/api/v1/contacts", "", bearer...), http.StatusOK)
	list := admin.get("/admin/tokens").Body.String()
	if strings.Contains(list, secret) || !strings.Contains(list, "Faktureringssystemet") {
		t.Fatal("the token list shows the secret, or not the token")
	}
	action := regexp.MustCompile(`action="(/admin/tokens/[0-9a-f-]+/revoke)"`).FindStringSubmatch(list)
	if action == nil {
		t.Fatal("no revoke button")
	}
	wantStatus(t, admin.confirmed(action[1], nil), http.StatusSeeOther)
	wantProblem(t, a.as("").call(http.MethodGet, "/api/v1/contacts", "", bearer...), http.StatusUnauthorized)
}
