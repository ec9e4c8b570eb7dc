package http_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections/accesslog"
)

// uuidLike is an ID as people should never have to read one.
var uuidLike = regexp.MustCompile(`(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// visibleText is a page's text as a reader sees it: no tags, attributes
// or the head's title, entities read.
func visibleText(page string) string {
	_, body, _ := strings.Cut(page, "<body>")
	body = regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(body, " ")
	return strings.Join(strings.Fields(html.UnescapeString(body)), " ")
}

// wantPlainText fails when the page's visible text holds an ID or one of
// the codes issue 12 found ("Vad: audit.view", "page /audit",
// "matter.MatterOpened", "matter-<uuid>").
func wantPlainText(t *testing.T, what, page string) {
	t.Helper()
	text := visibleText(page)
	if id := uuidLike.FindString(text); id != "" {
		t.Errorf("%s shows the ID %s:\n%s", what, id, text)
	}
	for _, code := range []string{"audit.view", "matter.view", "contact.view", "page /", "matter.Matter", "contact.Person", "{id}"} {
		if strings.Contains(text, code) {
			t.Errorf("%s shows the code %q:\n%s", what, code, text)
		}
	}
}

// TestAuditTrailSpeaksSwedish (issue 12, item 2): the trail names who
// acted, whom and which record in words — staff by name, a person by
// name, a matter by number and title, an erased person as "raderad
// person" — each change and read in Swedish; the auditor's own reads
// stay out unless asked for; the "what" filter offers the kinds in words.
func TestAuditTrailSpeaksSwedish(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	client := a.createPerson("Tilda", "Trädgård")
	m := a.openMatter("Trädgård ./. Grannen", a.me.ID, client, nil, nil, nil)
	wantStatus(t, a.get("/matters/"+m.ID), http.StatusOK)
	gone := a.createPerson("Gustav", "Glömd")
	d := a.requestsOfficer()
	wantStatus(t, d.confirmed("/gdpr/requests/"+d.registerRequest(gone, "erasure", date(0), "BankID")+"/erasure", url.Values{}), http.StatusSeeOther)
	a.awaitTrail()
	auditorMember, auditor := a.auditor()
	me := "Medarbetare " + a.me.ID[len(a.me.ID)-4:]

	page := auditor.get("/audit?matter=" + m.ID).Body.String()
	wantPlainText(t, "the trail of a matter", page)
	text := visibleText(page)
	for _, words := range []string{me, "Ärendet registrerades", "Part lades till", "visade ärendet", "Tilda Trädgård",
		"Ärende " + m.Number + " Trädgård ./. Grannen"} {
		if !strings.Contains(text, words) {
			t.Errorf("the trail of the matter lacks %q:\n%s", words, text)
		}
	}
	wantContains(t, page, `<option value="`+matter.TypeMatterOpened+`"`, ">Ärendet registrerades</option>", ">visade kontakten</option>")

	all := auditor.get("/audit").Body.String()
	wantPlainText(t, "the whole trail", all)
	wantContains(t, visibleText(all), "raderad person", "Personen raderades")
	wantAbsent(t, all, "Gustav", "Glömd")

	auditorName := "Medarbetare " + auditorMember.ID[len(auditorMember.ID)-4:]
	if types := trailTypes(t, auditor.get("/audit?type=audit.view")); len(types) != 0 {
		t.Errorf("the auditor's own reads are shown unasked: %v", types)
	}
	own := auditor.get("/audit?type=audit.view&own=1").Body.String()
	if types := trailTypes(t, auditor.get("/audit?type=audit.view&own=1")); len(types) == 0 {
		t.Error("asked for, the auditor's own reads are not shown")
	}
	wantContains(t, visibleText(own), auditorName, "granskade historiken")
}

// TestAuditFiltersPickBySearch: a person and a matter are found by what
// an auditor types, posted so the words stay out of URLs; the choice
// becomes the filter's ID, and the page names it. Links with IDs keep
// working.
func TestAuditFiltersPickBySearch(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	person := a.createPerson("Petra", "Plockare")
	m := a.openMatter("Plockarens tvist", a.me.ID, person, nil, nil, nil)
	_, auditor := a.auditor()

	found := auditor.post("/audit", url.Values{"subject_q": {"Plockare"}, "matter_q": {m.Number}})
	wantStatus(t, found, http.StatusOK)
	page := found.Body.String()
	wantContains(t, page, `name="subject" value="`+person+`"> Petra Plockare`,
		`name="matter" value="`+m.ID+`"> Ärende `+m.Number+` Plockarens tvist`, `id="pick-first"`)
	wantPlainText(t, "the matches", page)

	chosen := auditor.post("/audit", url.Values{"subject": {person}, "matter": {m.ID}, "subject_q": {""}})
	wantStatus(t, chosen, http.StatusSeeOther)
	if loc := location(chosen); !strings.Contains(loc, "subject="+person) || !strings.Contains(loc, "matter="+m.ID) || strings.Contains(loc, "Plockare") {
		t.Errorf("the chosen filters went to %q", loc)
	}
	page = auditor.get(location(chosen)).Body.String()
	wantContains(t, page, `name="subject" value="`+person+`" checked> Petra Plockare`, `name="matter" value="`+m.ID+`" checked> Ärende `+m.Number)
	wantPlainText(t, "the trail filtered by person and matter", page)

	log := auditor.post("/admin/access-log", url.Values{"subject_q": {"Plockarens"}})
	wantStatus(t, log, http.StatusOK)
	wantContains(t, log.Body.String(), `name="subject" value="`+matter.Subject(m.ID)+`"> Ärende `+m.Number+` Plockarens tvist`)
	chosen = auditor.post("/admin/access-log", url.Values{"subject": {person}, "own": {"1"}})
	if loc := location(chosen); loc != "/admin/access-log?own=1&subject="+person {
		t.Errorf("the access log's chosen filters went to %q", loc)
	}
}

// TestAccessLogSpeaksSwedish: the access log names the reader, the read
// and the person read in words, and a person the reader may not know of
// — walled off from them — exactly as an ID that names no one:
// "okänd person", no link. The reader's own reads stay out unless asked
// for.
func TestAccessLogSpeaksSwedish(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	seen, walled := a.createPerson("Sigrid", "Sedd"), a.createPerson("Walter", "Walldén")
	wantStatus(t, a.get("/contacts/"+seen), http.StatusOK)
	wantStatus(t, a.get("/contacts/"+walled), http.StatusOK)
	must(t, accesslog.Record(context.Background(), a.pool, a.keys, accesslog.Entry{StaffID: a.me.ID, Subjects: []string{newID()},
		Route: "/contacts/{id}", Action: access.ContactView, Via: accesslog.ViaAPI, CorrelationID: newID()}))
	auditorMember, auditor := a.auditor()
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	erect(t, admin, url.Values{"wall_id": {newID()}, "contact_id": {walled}, "users": {auditorMember.ID}, "reason": {"Jäv"}})

	page := auditor.get("/admin/access-log?staff=" + a.me.ID).Body.String()
	wantPlainText(t, "the access log", page)
	text := visibleText(page)
	wantContains(t, text, "Medarbetare "+a.me.ID[len(a.me.ID)-4:], "visade kontakten", "visade kontakten via API:t", "Sigrid Sedd")
	wantAbsent(t, page, "Walter", "Walldén", walled)
	cells := regexp.MustCompile(`<ul class="plain subjects">(.*?)</ul>`).FindAllStringSubmatch(page, -1)
	var unknown []string
	for _, c := range cells {
		if strings.Contains(c[1], "okänd person") {
			unknown = append(unknown, c[1])
		}
	}
	if len(unknown) < 2 || strings.Contains(unknown[0], "href") {
		t.Errorf("a walled person and an unknown ID are named %q, want the same words, no link", unknown)
	}
	for _, u := range unknown {
		if u != unknown[0] {
			t.Errorf("a walled person and an unknown ID are named apart: %q, %q", u, unknown[0])
		}
	}

	// Filtering on the walled person answers as filtering on an ID that
	// names nobody: no entries.
	nobody := newID()
	byWalled := visibleText(auditor.get("/admin/access-log?subject=" + walled).Body.String())
	byNobody := visibleText(auditor.get("/admin/access-log?subject=" + nobody).Body.String())
	if strings.ReplaceAll(byWalled, walled, "ID") != strings.ReplaceAll(byNobody, nobody, "ID") {
		t.Errorf("the access log filtered on a walled person differs from one filtered on nobody:\n%s\n---\n%s", byWalled, byNobody)
	}

	wantStatus(t, auditor.get("/admin/access-log"), http.StatusOK)
	if strings.Contains(visibleText(auditor.get("/admin/access-log").Body.String()), "sökte i åtkomstloggen") {
		t.Error("the auditor's own reads of the access log are shown unasked")
	}
	wantContains(t, visibleText(auditor.get("/admin/access-log?own=1").Body.String()), "sökte i åtkomstloggen")
}
