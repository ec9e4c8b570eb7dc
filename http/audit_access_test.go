package http_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/klient-crm/klient/domain/access"
)

// TestAuditAccess: only the auditor's and the DPO's roles open the audit
// pages (403 for the others, as the matrix says); an auditor sees every
// matter, but a wall still keeps a walled auditor from the matter, from a
// matter whose client is walled, from a walled contact and from their
// lines in the trail, exactly as from a record that does not exist.
func TestAuditAccess(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	client, other := a.createPerson("Vera", "Vägg"), a.createPerson("Olle", "Öppen")
	walledMatter := a.openMatter("Murat ärende", a.me.ID, other, nil, nil, nil)
	viaClient := a.openMatter("Klientens ärende", a.me.ID, client, nil, nil, nil)
	open := a.openMatter("Öppet ärende", a.me.ID, other, nil, nil, nil)
	paths := []string{"/audit", "/audit/trail.csv", "/audit/matters/" + open.ID, "/audit/contacts/" + other}

	dpo := a.as(a.signIn(a.member(access.RoleDPO).ID))
	for _, p := range paths {
		wantStatus(t, a.get(p), http.StatusForbidden) // a lawyer and assistant
		wantStatus(t, dpo.get(p), http.StatusOK)
	}

	auditorMember, auditor := a.auditor()
	a.wallMatter(walledMatter.ID, auditorMember.ID)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	erect(t, admin, url.Values{"wall_id": {newID()}, "contact_id": {client}, "users": {auditorMember.ID}, "reason": {"jäv"}})
	a.awaitTrail()

	wantStatus(t, auditor.get("/audit/matters/"+open.ID), http.StatusOK) // not on its team, still seen
	unknown := "01900000-0000-7000-8000-0000000000ff"
	want := auditor.get("/audit/matters/" + unknown)
	for _, id := range []string{walledMatter.ID, viaClient.ID} {
		got := auditor.get("/audit/matters/" + id)
		if got.Code != http.StatusNotFound || scrub(got, id) != scrub(want, unknown) {
			t.Errorf("a walled matter: %d, or unlike an unknown ID", got.Code)
		}
		if lines := trailTypes(t, auditor.get("/audit?matter="+id)); len(lines) != 0 {
			t.Errorf("the trail shows %d lines of a walled matter", len(lines))
		}
	}
	wantStatus(t, auditor.get("/audit/contacts/"+client), http.StatusNotFound)
	wantStatus(t, auditor.get("/audit/contacts/"+other), http.StatusOK)
	if lines := trailTypes(t, auditor.get("/audit?subject="+client)); len(lines) != 0 {
		t.Errorf("the trail shows %d lines of a walled contact", len(lines))
	}
}
