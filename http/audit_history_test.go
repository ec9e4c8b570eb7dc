package http_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/web"
)

// TestAuditMatterAsOf: an auditor picks a moment and sees the matter as
// it stood then — its earlier title, status and parties, the grant, and
// the walls then (one lifted since still standing, one erected since not
// there) — and the view is logged for the audit.
func TestAuditMatterAsOf(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	walledBefore, _ := a.lawyer()
	walledAfter, _ := a.lawyer()
	partner, _ := a.lawyer()
	client, other := a.createPerson("Cilla", "Klient"), a.createPerson("Pelle", "Motpart")
	m := a.openMatter("Gammal rubrik", a.me.ID, client, []string{"counterparty:" + other}, nil, nil)
	version := func() string { return hidden(t, a.get("/matters/"+m.ID).Body.String(), "version") }
	wantStatus(t, a.post("/matters/"+m.ID+"/grants", url.Values{"version": {version()}, "staff_id": {partner.ID}}), http.StatusSeeOther)
	a.wallMatter(m.ID, walledBefore.ID)
	date, clock := moment(t)

	wantStatus(t, a.call(http.MethodPatch, "/api/v1/matters/"+m.ID, `{"title":"Ny rubrik"}`, "If-Match", web.VersionETag(a.getMatter(m.ID).Version)), http.StatusOK)
	a.clearAndOpen(m.ID, "clear", "")
	a.wallMatter(m.ID, walledAfter.ID)
	a.liftWallsOf(walledBefore.ID)
	a.awaitTrail()
	auditorMember, auditor := a.auditor()

	then := auditor.get(auditPath("matters", m.ID, date, clock))
	wantStatus(t, then, http.StatusOK)
	page := then.Body.String()
	wantContains(t, page, "Gammal rubrik", "Cilla Klient", "Pelle Motpart", "Klient", "Motpart", ">Intag<",
		"Läget per "+date+" "+clock, nameOf(partner), `class="wall standing"`, nameOf(walledBefore))
	wantAbsent(t, page, "Ny rubrik", nameOf(walledAfter), `class="wall lifted"`)
	if n := strings.Count(page, `<tr class="event">`); n != 4 { // opened, two parties, the grant
		t.Errorf("as of then: %d events, want 4", n)
	}

	now := auditor.get(auditPath("matters", m.ID, "", ""))
	wantStatus(t, now, http.StatusOK)
	wantContains(t, now.Body.String(), "Ny rubrik", "Läget nu", nameOf(walledAfter), `class="wall lifted"`, `class="wall standing"`)

	before := auditor.get(auditPath("matters", m.ID, "2001-01-01", ""))
	wantContains(t, before.Body.String(), "Ärendet fanns inte ännu vid den tidpunkten.")
	if n := a.auditViews(auditorMember.ID, matter.Subject(m.ID)); n != 3 {
		t.Errorf("%d audit views of the matter logged, want 3", n)
	}
	if n := a.auditViews(auditorMember.ID, client); n != 2 { // before it existed, the matter named nobody
		t.Errorf("%d audit views of the client logged, want 2", n)
	}
}

// nameOf is the name the test harness gives a member.
func nameOf(m member) string { return "Medarbetare " + m.ID[len(m.ID)-4:] }

// TestAuditErasedContact: a person whose key is shredded shows as erased
// on their history, then and now, and their details nowhere; so does a
// matter whose file is erased.
func TestAuditErasedContact(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.createPerson("Ebba", "Raderad")
	m := a.openMatter("Raderat ärende", a.me.ID, id, nil, nil, nil)
	date, clock := moment(t)
	_, err := a.keyring().Shred(context.Background(), id)
	must(t, err)
	_, err = a.keyring().Shred(context.Background(), matter.Subject(m.ID))
	must(t, err)
	_, auditor := a.auditor()
	erasedMatter := auditor.get(auditPath("matters", m.ID, date, clock))
	wantStatus(t, erasedMatter, http.StatusOK)
	wantContains(t, erasedMatter.Body.String(), "Ärendets akt är raderad", m.Number)
	wantAbsent(t, erasedMatter.Body.String(), "Raderat ärende")
	for _, path := range []string{auditPath("contacts", id, "", ""), auditPath("contacts", id, date, clock)} {
		rec := auditor.get(path)
		wantStatus(t, rec, http.StatusOK)
		wantContains(t, rec.Body.String(), "Personen är raderad", `<span class="badge erased">raderad</span>`)
		wantAbsent(t, rec.Body.String(), "Ebba", "Raderad</dd>")
	}
}

// TestAuditBadInput: a date or time that cannot be read is a 400 that
// says how to write it, and nothing is written, not even to the access
// log; an unknown or malformed ID is a 404.
func TestAuditBadInput(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.createPerson("Dora", "Datum")
	auditorMember, auditor := a.auditor()
	before := a.events()
	for _, q := range []string{"as_of=12/3/2026", "as_of=2026-02-30", "as_of=2026-03-12&as_of_time=25:00", "as_of_time=14:05"} {
		rec := auditor.get("/audit/contacts/" + id + "?" + q)
		wantStatus(t, rec, http.StatusBadRequest)
		if !regexp.MustCompile(`måste skrivas (ÅÅÅÅ-MM-DD|TT:MM)`).MatchString(rec.Body.String()) {
			t.Errorf("%s: no message that says how to write it", q)
		}
	}
	for _, q := range []string{"from=igår", "to=2026-13-01"} {
		rec := auditor.get("/audit?" + q)
		wantStatus(t, rec, http.StatusBadRequest)
		wantContains(t, rec.Body.String(), "Datumen måste skrivas ÅÅÅÅ-MM-DD")
		wantStatus(t, auditor.get("/audit/trail.csv?"+q), http.StatusBadRequest)
	}
	wantStatus(t, auditor.get("/audit/matters/not-an-id"), http.StatusNotFound)
	wantStatus(t, auditor.get("/audit/matters/01900000-0000-7000-8000-0000000000ff"), http.StatusNotFound)
	wantStatus(t, auditor.get("/audit/contacts/01900000-0000-7000-8000-0000000000ff"), http.StatusNotFound)
	if a.events() != before || a.auditViews(auditorMember.ID, id) != 0 {
		t.Error("bad input wrote something")
	}
}
