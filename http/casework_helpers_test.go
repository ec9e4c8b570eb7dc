package http_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	casework "github.com/klient-crm/klient/http/casework"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/web"
)

// openMatter takes a matter in through the API as the app's member, with
// lawyer responsible, client as its client and extra parties
// ("counterparty:<contact id>"), members and teams on its team.
func (a *app) openMatter(title, lawyer, client string, extra []string, members, teams []string) casework.MatterJSON {
	a.t.Helper()
	parties := fmt.Sprintf(`{"contact_id":%q,"role":"client"}`, client)
	for _, p := range extra {
		role, id, _ := strings.Cut(p, ":")
		parties += fmt.Sprintf(`,{"contact_id":%q,"role":%q}`, id, role)
	}
	body := fmt.Sprintf(`{"title":%q,"practice_area":"processrätt","responsible_lawyer":%q,"parties":[%s],"members":%s,"teams":%s}`,
		title, lawyer, parties, jsonList(members), jsonList(teams))
	rec := a.call(http.MethodPost, "/api/v1/matters", body)
	wantStatus(a.t, rec, http.StatusCreated)
	return decode[casework.MatterJSON](a.t, rec)
}

func jsonList(items []string) string {
	if len(items) == 0 {
		return "[]"
	}
	return `["` + strings.Join(items, `","`) + `"]`
}

// clearAndOpen runs the conflict check through the API, records decision
// (with reason for a waiver) and opens the matter; it returns the check.
func (a *app) clearAndOpen(id, decision, reason string) casework.ConflictJSON {
	a.t.Helper()
	m := a.getMatter(id)
	rec := a.call(http.MethodPost, "/api/v1/matters/"+id+"/conflict-checks", "", "If-Match", web.VersionETag(m.Version))
	wantStatus(a.t, rec, http.StatusOK)
	rep := decode[casework.ConflictJSON](a.t, rec)
	body := fmt.Sprintf(`{"fingerprint":%q,"decision":%q,"reason":%q}`, rep.Fingerprint, decision, reason)
	rec = a.call(http.MethodPost, "/api/v1/matters/"+id+"/conflict-checks/decision", body, "If-Match", web.VersionETag(rep.Version))
	wantStatus(a.t, rec, http.StatusCreated)
	m = decode[casework.MatterJSON](a.t, rec)
	wantStatus(a.t, a.call(http.MethodPost, "/api/v1/matters/"+id+"/activate", "", "If-Match", web.VersionETag(m.Version)), http.StatusOK)
	return rep
}

func (a *app) getMatter(id string) casework.MatterJSON {
	a.t.Helper()
	rec := a.call(http.MethodGet, "/api/v1/matters/"+id, "")
	wantStatus(a.t, rec, http.StatusOK)
	return decode[casework.MatterJSON](a.t, rec)
}

// lawyer registers a lawyer (in teams) and returns them with a session.
func (a *app) lawyer(teams ...string) (member, *app) {
	a.t.Helper()
	m := a.memberIn(teams, access.RoleLawyer)
	return m, a.as(a.signIn(m.ID))
}

// wallMatter walls staffID off from a matter on the administrators' page.
func (a *app) wallMatter(matterID, staffID string) {
	a.t.Helper()
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	rec := admin.post("/admin/walls", url.Values{"wall_id": {newID()}, "matter_id": {matterID}, "users": {staffID}, "reason": {"jäv"}})
	wantStatus(a.t, rec, http.StatusSeeOther)
	wantContains(a.t, admin.get("/admin/walls").Body.String(), `href="/matters/`+matterID+`"`)
}

// date is today plus days, as the forms write it.
func date(days int) string { return work.DateOf(time.Now()).AddDays(days).String() }

// location is where a response redirects to.
func location(rec *httptest.ResponseRecorder) string { return rec.Header().Get("Location") }

// newID is a fresh UUIDv7, as a form carries one.
func newID() string { return uuid.Must(uuid.NewV7()).String() }
