package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	contactpages "github.com/klient-crm/klient/http/contacts"
	dpopages "github.com/klient-crm/klient/http/dpo"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/projections/accesslog"
)

// TestAffectedFinderCountsAndNamesFromTheLogs: after a staff account
// leaked, the DPO asks whom it touched in a window. Seeded access-log
// entries decide the answer: the account's reads inside the window count,
// its reads outside it, its refused attempts and another account's reads
// do not. The answer is a count and the people by name; asking is itself
// recorded in the access log, and the letters are an export of the people
// they are written to, addressed to them.
func TestAffectedFinderCountsAndNamesFromTheLogs(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	rec := a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"Greta","family_name":"Lundqvist",
		"addresses":[{"street":"Sveavägen 12","postal_code":"11157","city":"Stockholm"}]}}`)
	wantStatus(t, rec, http.StatusCreated)
	greta := decode[contactpages.ContactJSON](t, rec).ID
	harald, ingrid := a.createPerson("Harald", "Nyström"), a.createPerson("Ingrid", "Öberg")
	leaker, other := a.member(access.RoleLawyer), a.member(access.RoleLawyer)

	start := time.Now().Add(-10 * 24 * time.Hour).Truncate(time.Minute)
	seed := func(staff string, at time.Time, refused string, subjects ...string) {
		t.Helper()
		must(t, accesslog.Record(ctx, a.pool, a.keys, accesslog.Entry{At: at, StaffID: staff, Subjects: subjects, Route: "/contacts/{id}",
			Action: access.ContactView, Via: accesslog.ViaPage, Refused: refused}))
	}
	seed(leaker.ID, start.Add(time.Hour), "", greta)
	seed(leaker.ID, start.Add(2*time.Hour), "", greta, harald)
	seed(leaker.ID, start.Add(-time.Hour), "", ingrid)        // before the window
	seed(leaker.ID, start.Add(30*time.Hour), "", ingrid)      // after it
	seed(leaker.ID, start.Add(3*time.Hour), "walled", ingrid) // refused: saw nothing
	seed(other.ID, start.Add(4*time.Hour), "", ingrid)        // someone else
	from, to := start, start.Add(24*time.Hour)

	officer := a.member(access.RoleDPO)
	dpo := a.as(a.signIn(officer.ID))
	q := url.Values{"staff": {leaker.ID}, "from": {from.Format(time.RFC3339)}, "to": {to.Format(time.RFC3339)}}
	rec = dpo.call(http.MethodGet, "/api/v1/affected?"+q.Encode(), "")
	wantStatus(t, rec, http.StatusOK)
	got := decode[dpopages.AffectedJSON](t, rec)
	reads := map[string]int{}
	for _, p := range got.Items {
		reads[p.SubjectID] = p.Views + 100*p.Changes
	}
	if got.Count != 2 || len(got.Items) != 2 || reads[greta] != 2 || reads[harald] != 1 {
		t.Fatalf("the leaker's window: %+v; want Greta (2 reads) and Harald (1 read), no changes", got)
	}

	local := func(t time.Time) string { return t.In(i18n.Stockholm).Format("2006-01-02T15:04") }
	page := dpo.get("/registers/affected?" + url.Values{"staff": {leaker.ID}, "from": {local(from)}, "to": {local(to)}}.Encode())
	wantStatus(t, page, http.StatusOK)
	result := section(t, page.Body.String(), "affected-result")
	wantContains(t, result, "2 berörda personer", "Greta Lundqvist", "Harald Nyström")
	wantAbsent(t, result, "Ingrid", ">"+greta) // named, not shown by ID (the link to her page carries it)
	asked, err := accesslog.Search(ctx, a.pool, a.keys, accesslog.Filter{StaffID: officer.ID, Limit: 50})
	must(t, err)
	if !slices.ContainsFunc(asked, func(e accesslog.Entry) bool {
		return e.Route == "/registers/affected" && len(e.Subjects) == 2 && slices.Contains(e.Subjects, greta) && slices.Contains(e.Subjects, harald)
	}) {
		t.Errorf("the finder's answer is not in the access log: %+v", asked)
	}

	letters := dpo.get("/registers/affected/letters?" + url.Values{"staff": {leaker.ID}, "from": {local(from)}, "to": {local(to)}}.Encode())
	wantStatus(t, letters, http.StatusOK)
	wantContains(t, letters.Body.String(), "Information om en personuppgiftsincident", "Hej Greta Lundqvist,", "Sveavägen 12",
		"Stockholm", "Hej Harald Nyström,", "Testbyrån AB")
	wantAbsent(t, letters.Body.String(), "Ingrid")
	exports := a.exportsOf(greta)
	if len(exports) != 1 || exports[0].Route != "/registers/affected/letters" {
		t.Errorf("the letters are not recorded as an export of Greta: %+v", exports)
	}

	everyone := dpo.call(http.MethodGet, "/api/v1/affected?"+url.Values{"from": {time.Now().Add(-time.Hour).Format(time.RFC3339)}}.Encode(), "")
	wantStatus(t, everyone, http.StatusOK)
	all := decode[dpopages.AffectedJSON](t, everyone)
	changed := map[string]int{}
	for _, p := range all.Items {
		changed[p.SubjectID] = p.Changes
	}
	if all.Count != 3 || changed[greta] < 1 || changed[harald] < 1 || changed[ingrid] < 1 {
		t.Errorf("every account in the last hour: %+v; want the three people, each with their registration", all)
	}

	for _, bad := range []string{"to=" + url.QueryEscape(from.Format(time.RFC3339)), "from=" + url.QueryEscape(to.Format(time.RFC3339)) + "&to=" + url.QueryEscape(from.Format(time.RFC3339))} {
		p := wantProblem(t, dpo.call(http.MethodGet, "/api/v1/affected?"+bad, ""), http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 {
			t.Errorf("%s: %+v", bad, p)
		}
	}
	wantProblem(t, a.call(http.MethodGet, fmt.Sprintf("/api/v1/affected?from=%s", url.QueryEscape(from.Format(time.RFC3339))), ""), http.StatusForbidden)
}

// TestAffectedByAnAPITokenAPageAtATime: issue 16 asks who an API token
// touched: the finder takes a token, and counts the reads made with it,
// not the same member's reads without it. An answer is a page at a time
// and says so: from an offset the page shows which people of how many it
// lists, with a link back, and the API the same count with the later
// people only.
func TestAffectedByAnAPITokenAPageAtATime(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := context.Background()
	greta, harald, ingrid := a.createPerson("Greta", "Lundqvist"), a.createPerson("Harald", "Nyström"), a.createPerson("Ingrid", "Öberg")
	owner := a.member(access.RoleLawyer)
	start := time.Now().Add(-48 * time.Hour).Truncate(time.Minute)
	seed := func(token string, at time.Time, subjects ...string) {
		t.Helper()
		via := accesslog.ViaPage
		if token != "" {
			via = accesslog.ViaAPI
		}
		must(t, accesslog.Record(ctx, a.pool, a.keys, accesslog.Entry{At: at, StaffID: owner.ID, Subjects: subjects, Route: "/api/v1/contacts/{id}",
			Action: access.ContactView, Via: via, TokenID: token}))
	}
	seed("tok-leaked", start.Add(time.Hour), greta)
	seed("tok-leaked", start.Add(2*time.Hour), harald)
	seed("", start.Add(3*time.Hour), ingrid)          // the owner in the browser, not the token
	seed("tok-other", start.Add(4*time.Hour), ingrid) // another integration
	dpo := a.as(a.signIn(a.member(access.RoleDPO).ID))

	q := url.Values{"token": {"tok-leaked"}, "from": {start.Format(time.RFC3339)}}
	got := decode[dpopages.AffectedJSON](t, dpo.call(http.MethodGet, "/api/v1/affected?"+q.Encode(), ""))
	if got.Count != 2 || len(got.Items) != 2 || got.Items[0].SubjectID != harald || got.Items[1].SubjectID != greta || got.Next != "" {
		t.Fatalf("the token's reads: %+v; want Harald then Greta", got)
	}
	q.Set("offset", "1")
	got = decode[dpopages.AffectedJSON](t, dpo.call(http.MethodGet, "/api/v1/affected?"+q.Encode(), ""))
	if got.Count != 2 || len(got.Items) != 1 || got.Items[0].SubjectID != greta {
		t.Errorf("from the second person: %+v", got)
	}
	wantProblem(t, dpo.call(http.MethodGet, "/api/v1/affected?"+url.Values{"from": {start.Format(time.RFC3339)}, "offset": {"-1"}}.Encode(), ""),
		http.StatusBadRequest)

	local := start.In(i18n.Stockholm).Format("2006-01-02T15:04")
	page := dpo.get("/registers/affected?" + url.Values{"token": {"tok-leaked"}, "from": {local}, "offset": {"1"}}.Encode())
	wantStatus(t, page, http.StatusOK)
	result := section(t, page.Body.String(), "affected-result")
	wantContains(t, result, "Visar 2–2 av 2.", "Greta Lundqvist", `id="affected-prev"`)
	wantAbsent(t, result, "Harald", "Ingrid", `id="affected-next"`)
}
