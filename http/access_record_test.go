package http_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
)

// entries reads the access log, oldest first.
func (a *app) entries() []accesslog.Entry {
	a.t.Helper()
	es, err := accesslog.Search(context.Background(), a.pool, a.keys, accesslog.Filter{Limit: accesslog.MaxLimit})
	must(a.t, err)
	for i, j := 0, len(es)-1; i < j; i, j = i+1, j-1 {
		es[i], es[j] = es[j], es[i]
	}
	return es
}

// TestViewingAContactIsLogged: one entry per view, naming the viewer, the
// subject's ID, the route pattern, the action, the channel and the
// request's correlation ID, and holding nothing personal.
func TestViewingAContactIsLogged(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.createPerson("Loggad", "Läsare")
	lawyer := a.member(access.RoleLawyer)
	as := a.as(a.signIn(lawyer.ID))
	before := len(a.entries())
	rec := as.get("/contacts/" + id)
	wantStatus(t, rec, http.StatusOK)
	got := a.entries()[before:]
	if len(got) != 1 {
		t.Fatalf("%d entries for one view", len(got))
	}
	e := got[0]
	if e.StaffID != lawyer.ID || len(e.Subjects) != 1 || e.Subjects[0] != id || e.Route != "/contacts/{id}" ||
		e.Action != access.ContactView || e.Via != accesslog.ViaPage || e.CorrelationID != rec.Header().Get(web.CorrelationHeader) {
		t.Errorf("entry %+v", e)
	}
	if all := strings.Join(append(e.Subjects, e.Route, e.Purpose, e.CorrelationID), " "); strings.Contains(all, "Loggad") {
		t.Errorf("the entry holds personal data: %s", all)
	}
}

// TestEveryReadOfPersonalDataIsLogged covers the other reads: the edit
// form, the list and search pages (subjects: the contacts listed), and
// the API read with a purpose.
func TestEveryReadOfPersonalDataIsLogged(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	first, second := a.createPerson("Första", "Loggsson"), a.createPerson("Andra", "Loggsson")
	cases := []struct {
		do       func() *httptest.ResponseRecorder
		route    string
		action   access.Action
		subjects []string
		via      accesslog.Via
		purpose  string
	}{
		{func() *httptest.ResponseRecorder { return a.get("/contacts/" + first + "/edit") }, "/contacts/{id}/edit", access.ContactEdit, []string{first}, accesslog.ViaPage, ""},
		{func() *httptest.ResponseRecorder { return a.get("/contacts") }, "/contacts", access.ContactSearch, []string{second, first}, accesslog.ViaPage, ""},
		{func() *httptest.ResponseRecorder {
			return a.post("/contacts/search", url.Values{"q": {"Loggsson"}, "purpose": {"ärende 2026-0042"}})
		}, "/contacts/search", access.ContactSearch, []string{second, first}, accesslog.ViaPage, "ärende 2026-0042"},
		{func() *httptest.ResponseRecorder {
			return a.call(http.MethodGet, "/api/v1/contacts/"+second, "", web.PurposeHeader, "fakturering")
		}, "/api/v1/contacts/{id}", access.ContactView, []string{second}, accesslog.ViaAPI, "fakturering"},
	}
	for _, c := range cases {
		before := len(a.entries())
		wantStatus(t, c.do(), http.StatusOK)
		got := a.entries()[before:]
		if len(got) != 1 || got[0].Route != c.route || got[0].Action != c.action || got[0].Via != c.via ||
			got[0].Purpose != c.purpose || !sameSet(got[0].Subjects, c.subjects) {
			t.Errorf("%s: entries %+v", c.route, got)
		}
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]bool{}
	for _, x := range a {
		seen[x] = true
	}
	for _, x := range b {
		if !seen[x] {
			return false
		}
	}
	return true
}

// TestAccessLogPage: an auditor finds the entry by subject, in words
// (who, "visade kontakten", the person by name); the page is closed to a
// lawyer.
func TestAccessLogPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.createPerson("Granskad", "Person")
	wantStatus(t, a.get("/contacts/"+id), http.StatusOK)
	auditor := a.as(a.signIn(a.member(access.RoleAuditor).ID))
	page := auditor.get("/admin/access-log?subject=" + id)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "visade kontakten", "Granskad Person")
	wantStatus(t, a.get("/admin/access-log"), http.StatusForbidden)
}
