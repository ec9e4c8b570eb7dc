package http_test

import (
	"context"
	"net/http"
	"testing"

	contactpages "github.com/klient-crm/klient/http/contacts"
)

// TestPrivacyAPI: every privacy call succeeds with good input and, with
// bad input, answers a 4xx problem that names the field and writes
// nothing; restriction is the DPO's; reads are in the access log.
func TestPrivacyAPI(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.createPerson("Hugo", "Apisson")
	base := "/api/v1/contacts/" + id
	logged := len(a.entries())
	if p := a.privacyOfContact(id); p.SubjectID != id || len(p.Consents) != 0 || p.Restriction.Active {
		t.Errorf("empty register: %+v", p)
	}
	if got := a.entries()[logged:]; len(got) != 1 || got[0].Subjects[0] != id || got[0].Route != "/api/v1/contacts/{id}/privacy" {
		t.Errorf("the read was logged as %+v", got)
	}

	before := a.events()
	bad := []struct{ path, body, field string }{
		{"/lawful-bases", `{"basis":"whim","purpose":"marketing"}`, "basis"},
		{"/lawful-bases", `{"basis":"contract","purpose":"gossip"}`, "purpose"},
		{"/consents", `{"purpose":"marketing","scope":"Nyhetsbrev","how":"verbal","where":"Telefon"}`, "evidence"},
		{"/consents", `{"purpose":"marketing","scope":"Nyhetsbrev","how":"form","where":"Webb","given_at":"2999-01-01T00:00:00Z"}`, "given_at"},
		{"/objection", `{"to":"processing"}`, "reason"},
	}
	for _, c := range bad {
		p := wantProblem(t, a.call(http.MethodPost, base+c.path, c.body), http.StatusUnprocessableEntity)
		if len(p.Errors) == 0 || p.Errors[0].Field != c.field || p.Errors[0].Message == "" {
			t.Errorf("POST %s %s: errors %+v, want field %s", c.path, c.body, p.Errors, c.field)
		}
	}
	wantProblem(t, a.call(http.MethodPost, base+"/consents", `{"purpose":`), http.StatusBadRequest)
	wantProblem(t, a.call(http.MethodPost, base+"/consents/"+newID()+"/withdraw", ""), http.StatusNotFound)
	wantProblem(t, a.call(http.MethodPost, base+"/restriction", `{"reason":"Bestrider"}`), http.StatusForbidden)
	if n := a.events() - before; n != 0 {
		t.Fatalf("bad input wrote %d events", n)
	}

	rec := a.call(http.MethodPost, base+"/lawful-bases", `{"basis":"contract","purpose":"client_relationship"}`)
	wantStatus(t, rec, http.StatusCreated)
	if p := decode[contactpages.PrivacyJSON](t, rec); len(p.LawfulBases) != 1 || !p.LawfulBases[0].Active || p.LawfulBases[0].RecordedBy != a.me.ID {
		t.Errorf("after recording a basis: %+v", p.LawfulBases)
	}
	consentID := a.giveConsent(id, "marketing")
	rec = a.call(http.MethodPost, base+"/consents/"+consentID+"/withdraw", "")
	wantStatus(t, rec, http.StatusOK)
	if c := decode[contactpages.PrivacyJSON](t, rec).Consents; len(c) != 1 || c[0].Active || len(c[0].History) != 2 || c[0].History[1].Event != "withdrawn" {
		t.Errorf("after withdrawing: %+v", c)
	}
	rec = a.call(http.MethodPost, base+"/objection", `{"to":"direct_marketing"}`)
	wantStatus(t, rec, http.StatusOK)
	if p := decode[contactpages.PrivacyJSON](t, rec); !p.DirectMarketing || len(p.Objections) != 1 {
		t.Errorf("after objecting: %+v", p)
	}

	dpo := a.dpo()
	before = a.events()
	wantProblem(t, dpo.call(http.MethodPost, base+"/restriction", `{"reason":" ","until":"2026-02-30"}`), http.StatusUnprocessableEntity)
	a.refusedUnwritten(t, dpo.call(http.MethodPost, base+"/restriction", `{"reason":"x","extra":1}`), http.StatusBadRequest, before)
	rec = dpo.call(http.MethodPost, base+"/restriction", `{"reason":"Bestrider riktigheten","until":"2027-01-31"}`)
	wantStatus(t, rec, http.StatusOK)
	if r := decode[contactpages.PrivacyJSON](t, rec).Restriction; !r.Active || r.Until == nil || r.Until.String() != "2027-01-31" {
		t.Errorf("after restricting: %+v", r)
	}
	rec = dpo.call(http.MethodPost, base+"/restriction/lift", "")
	wantStatus(t, rec, http.StatusOK)
	if decode[contactpages.PrivacyJSON](t, rec).Restriction.Active {
		t.Error("still restricted after lifting")
	}
}

// A consent's scope and where it was given describe the person and are
// sealed with their key: they are never in the event store in the clear,
// and after the person's erasure neither the register nor the event store
// nor the certificate's residue check holds them (issue 11, item 1).
func TestConsentScopeAndWhereAreSealedAndErased(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	person := a.createPerson("Samtyckes", "Personsson")
	wantStatus(t, a.call(http.MethodPost, "/api/v1/contacts/"+person+"/consents",
		`{"purpose":"marketing","scope":"ZqX1 nyhetsbrev","how":"form","where":"ZqX2 seminariet"}`), http.StatusCreated)
	if p := a.privacyOfContact(person); len(p.Consents) != 1 || p.Consents[0].Scope != "ZqX1 nyhetsbrev" || p.Consents[0].Where != "ZqX2 seminariet" {
		t.Fatalf("the consent as recorded: %+v", p.Consents)
	}
	clear := func(what string) {
		t.Helper()
		var n int
		must(t, a.pool.QueryRow(context.Background(), `SELECT count(*) FROM events WHERE position('ZqX' in convert_from(data, 'UTF8')) > 0`).Scan(&n))
		if n != 0 {
			t.Errorf("%s: %d events hold the consent's words in the clear", what, n)
		}
	}
	clear("once given")

	d := a.dpo()
	request := d.registerRequest(person, "erasure", date(0), "BankID")
	wantStatus(t, d.call(http.MethodPost, "/api/v1/requests/"+request+"/erasure", ""), http.StatusOK)
	clear("after the erasure")
	var rows int
	must(t, a.pool.QueryRow(context.Background(), `SELECT count(*) FROM gdpr_consents_v1 WHERE scope LIKE '%ZqX%' OR where_given LIKE '%ZqX%'`).Scan(&rows))
	if rows != 0 {
		t.Errorf("the register still holds the consent's words in %d rows", rows)
	}
}
