package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
)

// A request received long ago stands out on the DPO's start page as
// overdue, before the open ones, and the register filters it.
func TestOverdueRequestLeadsTheStartPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	late, timely := a.createPerson("Sen", "Svarsson"), a.createPerson("Ny", "Frågasson")
	d := a.requestsOfficer()
	lateID := d.registerRequest(late, "access", date(-40), "BankID")
	timelyID := d.registerRequest(timely, "objection", date(0), "")

	page := d.get("/gdpr").Body.String()
	overdue, open := strings.Index(page, `id="overdue-requests"`), strings.Index(page, `id="open-requests"`)
	if overdue < 0 || open < overdue {
		t.Fatalf("overdue section at %d, open at %d: overdue must come first", overdue, open)
	}
	wantContains(t, page[overdue:open], "Sen Svarsson", "/gdpr/requests/"+lateID, "dagar försenad")
	wantContains(t, page[open:], "Ny Frågasson", "/gdpr/requests/"+timelyID, "dagar kvar")

	filtered := d.get("/gdpr/requests?overdue=1&right=access").Body.String()
	wantContains(t, filtered, lateID)
	wantAbsent(t, filtered, timelyID)
	wantStatus(t, d.get("/gdpr/requests?status=lost"), http.StatusBadRequest)
}

// The deadline is extended once, with a reason; a second extension is
// refused and writes nothing.
func TestExtendRequestDeadline(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	d := a.requestsOfficer()
	id := d.registerRequest(a.createPerson("Ann", "Förlängd"), "access", date(0), "BankID")
	rec := d.confirmed("/gdpr/requests/"+id+"/extend", url.Values{"version": {d.requestVersion(id)},
		"new_deadline": {date(60)}, "reason": {"Begäran omfattar många ärenden"}})
	wantStatus(t, rec, http.StatusSeeOther)
	page := d.get(location(rec)).Body.String()
	wantContains(t, page, "Tidsfristen är förlängd.", date(60), "Begäran omfattar många ärenden")

	before := a.events()
	again := d.confirmed("/gdpr/requests/"+id+"/extend", url.Values{"version": {"3"}, "new_deadline": {date(70)}, "reason": {"igen"}})
	if again.Code < 400 || again.Code >= 500 {
		t.Fatalf("second extension: %d, want a 4xx", again.Code)
	}
	if a.events() != before {
		t.Error("a refused extension wrote events")
	}
}

// Bad input is refused with a message a person understands, and nothing
// is written: no person, a right we do not know, a date in the future,
// a control character in the identity check, a malformed date.
func TestBadRequestInputWritesNothing(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	person := a.createPerson("Fel", "Inmatning")
	d := a.requestsOfficer()
	before := a.events()
	cases := map[string]url.Values{
		"no person":     requestForm("", "access", date(0), ""),
		"unknown right": requestForm(person, "everything", date(0), ""),
		"future":        requestForm(person, "access", date(3), ""),
		"bad date":      requestForm(person, "access", "igår", ""),
		"control char":  requestForm(person, "erasure", date(0), "Bank\x07ID"),
	}
	for name, form := range cases {
		rec := d.post("/gdpr/requests", form)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", name, rec.Code)
		}
		wantContains(t, rec.Body.String(), `class="field-error"`)
	}
	id := d.registerRequest(person, "access", date(0), "")
	before += a.events() - before
	rec := d.confirmed("/gdpr/requests/"+id+"/extend", url.Values{"version": {d.requestVersion(id)}, "new_deadline": {"31/12"}, "reason": {"x"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantStatus(t, d.post("/gdpr/requests/"+id+"/verify", url.Values{"how": {"BankID"}}), http.StatusBadRequest)
	if n := a.events(); n != before {
		t.Errorf("refused input wrote %d events", n-before)
	}
}

// Only the DPO reaches the register: everyone else is refused with 403,
// and to the DPO an unknown request or erasure is 404.
func TestRequestRegisterIsTheDPOs(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	unknown := "01900000-0000-7000-8000-0000000000aa"
	for _, role := range []access.Role{access.RoleLawyer, access.RoleAssistant, access.RoleAuditor, access.RoleAdmin} {
		other := a.as(a.signIn(a.member(role).ID))
		for _, path := range []string{"/gdpr", "/gdpr/requests", "/gdpr/deletion-log", "/api/v1/requests"} {
			wantStatus(t, other.get(path), http.StatusForbidden)
		}
	}
	d := a.requestsOfficer()
	for _, path := range []string{"/gdpr/requests/" + unknown, "/gdpr/erasures/" + unknown, "/api/v1/requests/" + unknown,
		"/api/v1/erasures/" + unknown + "/certificate", "/gdpr/requests/" + unknown + "/package?format=json"} {
		wantStatus(t, d.get(path), http.StatusNotFound)
	}
}
