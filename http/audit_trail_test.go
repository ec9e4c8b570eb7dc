package http_test

import (
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/matter"
)

// TestAuditTrailSearch: the trail finds a matter's changes and the reads
// of it by matter, type, actor, subject and dates; pages by cursor
// without losing or repeating a line; exports the same search as CSV;
// and logs each search for the audit.
func TestAuditTrailSearch(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	client := a.createPerson("Tora", "Spår")
	m := a.openMatter("Spårärende", a.me.ID, client, nil, nil, nil)
	wantStatus(t, a.get("/matters/"+m.ID), http.StatusOK) // a read, in the access log
	a.awaitTrail()
	auditorMember, auditor := a.auditor()

	mine := "matter=" + m.ID + "&actor=" + a.me.ID // the auditor's own searches add lines of their own
	byMatter := trailTypes(t, auditor.get("/audit?"+mine))
	for _, want := range []string{matter.TypeMatterOpened, matter.TypePartyAdded, string(access.MatterView)} {
		if !slices.Contains(byMatter, want) {
			t.Errorf("search by matter lacks %s: %v", want, byMatter)
		}
	}
	for q, want := range map[string]int{
		"matter=" + m.ID + "&type=" + matter.TypeMatterOpened:  1,
		"subject=" + client + "&type=contact.PersonRegistered": 1,
		mine + "&type=" + string(access.MatterView):            1,
		mine + "&from=" + date(1):                              0,
		mine + "&to=" + date(-1):                               0,
		mine + "&from=" + date(0) + "&to=" + date(0):           len(byMatter),
	} {
		if got := trailTypes(t, auditor.get("/audit?"+q)); len(got) != want {
			t.Errorf("%s: %d lines %v, want %d", q, len(got), got, want)
		}
	}
	own := trailTypes(t, auditor.get("/audit?matter="+m.ID+"&actor="+auditorMember.ID))
	if len(own) == 0 || slices.IndexFunc(own, func(s string) bool { return s != string(access.AuditView) }) >= 0 {
		t.Errorf("the auditor's own searches of the matter: %v", own)
	}

	var paged []string
	next := "/audit?limit=2&" + mine
	for pages := 0; next != ""; pages++ {
		rec := auditor.get(next)
		paged = append(paged, trailTypes(t, rec)...)
		next = strings.ReplaceAll(regexp.MustCompile(`id="older" href="([^"]*)"`).FindStringSubmatch(rec.Body.String() + `id="older" href=""`)[1], "&amp;", "&")
		if pages > 10 {
			t.Fatal("the pages never end")
		}
	}
	if strings.Join(paged, ",") != strings.Join(byMatter, ",") {
		t.Errorf("paged %v, want %v", paged, byMatter)
	}

	logged := a.auditViews(auditorMember.ID, matter.Subject(m.ID))
	rec := auditor.get("/audit/trail.csv?" + mine)
	wantStatus(t, rec, http.StatusOK)
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("content type %q", ct)
	}
	lines, err := csv.NewReader(rec.Body).ReadAll()
	must(t, err)
	if len(lines) != len(byMatter)+1 || lines[0][0] != "kind" || !slices.ContainsFunc(lines, func(l []string) bool {
		return l[3] == matter.TypeMatterOpened && l[6] == matter.StreamName(m.ID)
	}) {
		t.Errorf("CSV: %v", lines)
	}
	if n := a.auditViews(auditorMember.ID, matter.Subject(m.ID)); n != logged+1 {
		t.Errorf("the export logged %d views, want 1", n-logged)
	}
}

// trailTypes are the types (events or actions) of a trail page's lines,
// newest first.
func trailTypes(t *testing.T, rec *httptest.ResponseRecorder) []string {
	t.Helper()
	wantStatus(t, rec, http.StatusOK)
	var out []string
	for _, m := range regexp.MustCompile(`<tr class="(?:read|change)" data-type="([^"]+)">`).FindAllStringSubmatch(rec.Body.String(), -1) {
		out = append(out, m[1])
	}
	return out
}
