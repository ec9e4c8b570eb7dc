package http_test

import (
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
)

// asks sends path's form as the page's button does and checks what issue
// 12 asks of an irreversible action: the answer is a confirmation page
// whose question names the thing in words (every one of names), a forged
// confirmation gets the same question, and nothing is written. It returns
// the form the confirming button sends.
func (a *app) asks(t *testing.T, path string, form url.Values, names ...string) url.Values {
	t.Helper()
	before := a.events()
	rec := a.post(path, form)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `id="confirm-form"`) {
		t.Fatalf("POST %s: %d without a confirmation page:\n%s", path, rec.Code, rec.Body)
	}
	page := rec.Body.String()
	q := question(t, page)
	for _, n := range names {
		if !strings.Contains(q, n) {
			t.Errorf("POST %s asks %q, which does not name %q", path, q, n)
		}
	}
	wantContains(t, page, `id="confirm-consequence"`, `id="confirm-cancel"`, ">Avbryt<")
	forged := url.Values{web.ConfirmField: {"ja"}}
	for k, v := range form {
		forged[k] = v
	}
	if again := a.post(path, forged); again.Code != http.StatusOK || question(t, again.Body.String()) != q {
		t.Errorf("POST %s with a forged confirmation: %d, want the question again", path, again.Code)
	}
	if n := a.events() - before; n != 0 {
		t.Errorf("POST %s without a confirmation wrote %d events", path, n)
	}
	return confirmForm(t, page)
}

// question is the confirmation page's question as a person reads it.
func question(t testing.TB, page string) string {
	t.Helper()
	m := regexp.MustCompile(`<h1 id="confirm-question">([^<]*)</h1>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no question on the confirmation page")
	}
	return html.UnescapeString(m[1])
}

// TestMatterActionsAskFirst: archiving, closing, removing a party, ending
// a grant, declining the engagement and cancelling a deadline each ask
// first, naming the matter by number and title (issue 12: "Arkivera ärende
// 2026-0042 Andersson ./. Bolaget AB?"), and act once confirmed. A
// decision that is not final does not ask; a matter the member may not
// see answers 404 as before, never with a question.
func TestMatterActionsAskFirst(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	client, counterparty := a.createPerson("Anders", "Andersson"), a.createPerson("Bolagsman", "Bolagsson")
	colleague, colleagueApp := a.lawyer()
	m := a.openMatter("Andersson ./. Bolaget AB", a.me.ID, client, []string{"counterparty:" + counterparty}, nil, nil)
	matterPath := "/matters/" + m.ID
	version := func() string { return web.Uitoa(a.getMatter(m.ID).Version) }
	wantStatus(t, a.post(matterPath+"/grants", url.Values{"version": {version()}, "staff_id": {colleague.ID}}), http.StatusSeeOther)

	wantStatus(t, colleagueApp.get(matterPath), http.StatusOK)
	confirm := a.asks(t, matterPath+"/grants/"+colleague.ID+"/revoke", url.Values{"version": {version()}},
		"Medarbetare "+colleague.ID[len(colleague.ID)-4:], m.Number, "Andersson ./. Bolaget AB")
	wantStatus(t, a.post(matterPath+"/grants/"+colleague.ID+"/revoke", confirm), http.StatusSeeOther)
	wantStatus(t, colleagueApp.get(matterPath), http.StatusNotFound) // the grant has ended

	party := partyID(t, a, m.ID, counterparty)
	confirm = a.asks(t, matterPath+"/parties/"+party+"/remove", url.Values{"version": {version()}},
		"Ta bort Bolagsman Bolagsson (Motpart) som part i ärende "+m.Number+" Andersson ./. Bolaget AB?")
	wantStatus(t, a.post(matterPath+"/parties/"+party+"/remove", confirm), http.StatusSeeOther)
	wantAbsent(t, a.get(matterPath).Body.String(), "Bolagsman Bolagsson")

	d := a.setDeadlineIn(m.ID, a.me.ID, 10)
	_, outsider := a.lawyer()
	wantStatus(t, outsider.post("/deadlines/"+d.ID+"/cancel", url.Values{"version": {web.Uitoa(d.Version)}}), http.StatusNotFound)
	confirm = a.asks(t, "/deadlines/"+d.ID+"/cancel", url.Values{"version": {web.Uitoa(d.Version)}, "reason": {"Förlikning"}},
		"Stryka fristen ”Inlaga” den "+date(10)+" i ärende "+m.Number+" Andersson ./. Bolaget AB?")
	if confirm.Get("reason") != "Förlikning" {
		t.Errorf("the confirmation sends the reason %q, want the one typed", confirm.Get("reason"))
	}
	wantStatus(t, a.post("/deadlines/"+d.ID+"/cancel", confirm), http.StatusSeeOther)
	wantContains(t, a.get(matterPath+"/deadlines").Body.String(), "Struken")

	wantStatus(t, outsider.post(matterPath+"/close", url.Values{"version": {version()}}), http.StatusNotFound)
	confirm = a.asks(t, matterPath+"/close", url.Values{"version": {version()}}, "Avsluta ärende "+m.Number+" Andersson ./. Bolaget AB?")
	wantStatus(t, a.post(matterPath+"/close", confirm), http.StatusSeeOther)
	confirm = a.asks(t, matterPath+"/archive", url.Values{"version": {version()}}, "Arkivera ärende "+m.Number+" Andersson ./. Bolaget AB?")
	if confirm.Get("version") != version() {
		t.Errorf("the confirmation sends version %q, want the page's", confirm.Get("version"))
	}
	wantStatus(t, a.post(matterPath+"/archive", confirm), http.StatusSeeOther)
	if s := a.getMatter(m.ID).Status; s != "archived" {
		t.Errorf("status after the confirmed archiving: %s", s)
	}

	decision := func(id, choice string) url.Values {
		page := a.get("/matters/" + id).Body.String()
		check := a.post("/matters/"+id+"/conflict-check", url.Values{"version": {hidden(t, page, "version")}}).Body.String()
		return url.Values{"version": {hidden(t, check, "version")}, "fingerprint": {hidden(t, check, "fingerprint")}, "decision": {choice}}
	}
	other := a.openMatter("Avböjs", a.me.ID, a.createPerson("Dagny", "Dilemma"), nil, nil, nil)
	confirm = a.asks(t, "/matters/"+other.ID+"/conflict-decision", decision(other.ID, "declined"), "Avböja uppdraget i ärende "+other.Number+" Avböjs?")
	wantStatus(t, a.post("/matters/"+other.ID+"/conflict-decision", confirm), http.StatusSeeOther)
	if got := a.getMatter(other.ID).ConflictDecision; got != "declined" {
		t.Errorf("decision %q after the confirmed decline", got)
	}
	third := a.openMatter("Klart", a.me.ID, a.createPerson("Klara", "Klarsson"), nil, nil, nil)
	wantStatus(t, a.post("/matters/"+third.ID+"/conflict-decision", decision(third.ID, "clear")), http.StatusSeeOther) // not final: no question
	if got := a.getMatter(third.ID).ConflictDecision; got != "clear" {
		t.Errorf("decision %q, want clear", got)
	}
}

// TestAdminActionsAskFirst: deactivating a member, resetting a password,
// revoking an API token and lifting a wall each ask first, naming the
// member, the token and the walled record and who it keeps out; each acts
// once confirmed.
func TestAdminActionsAskFirst(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	m := a.member(access.RoleLawyer)
	name := "Medarbetare " + m.ID[len(m.ID)-4:]
	page := admin.get("/admin/staff/" + m.ID).Body.String()
	confirm := admin.asks(t, "/admin/staff/"+m.ID+"/password", url.Values{}, "Återställa lösenordet för "+name+"?")
	wantContains(t, admin.post("/admin/staff/"+m.ID+"/password", confirm).Body.String(), `id="secret"`)
	confirm = admin.asks(t, "/admin/staff/"+m.ID+"/deactivate", url.Values{"version": {hidden(t, page, "version")}}, "Inaktivera "+name+"?")
	wantStatus(t, admin.post("/admin/staff/"+m.ID+"/deactivate", confirm), http.StatusSeeOther)
	wantContains(t, admin.get("/admin/staff/"+m.ID).Body.String(), "Inaktiv")

	rec := admin.post("/admin/tokens", url.Values{"name": {"Ekonomisystemet"}, "roles": {"marketing"}, "scopes": {"contacts:read"}})
	wantStatus(t, rec, http.StatusCreated)
	bearer := []string{"Authorization", "Bearer " + secretOf(t, rec.Body.String())}
	revoke := regexp.MustCompile(`action="(/admin/tokens/[0-9a-f-]+/revoke)"`).FindStringSubmatch(admin.get("/admin/tokens").Body.String())
	if revoke == nil {
		t.Fatal("no revoke button")
	}
	confirm = admin.asks(t, revoke[1], url.Values{}, "Återkalla API-nyckeln ”Ekonomisystemet”?")
	wantStatus(t, a.as("").call(http.MethodGet, "/api/v1/contacts", "", bearer...), http.StatusOK) // asked, not revoked
	wantStatus(t, admin.post(revoke[1], confirm), http.StatusSeeOther)
	wantProblem(t, a.as("").call(http.MethodGet, "/api/v1/contacts", "", bearer...), http.StatusUnauthorized)

	walled := a.createPerson("Vera", "Vägg")
	kept := a.member(access.RoleLawyer)
	erect(t, admin, url.Values{"wall_id": {newID()}, "contact_id": {walled}, "users": {kept.ID}, "teams": {"m-och-a"}, "reason": {"Motpart i annat uppdrag"}})
	w := a.walls(t)[0]
	confirm = admin.asks(t, "/admin/walls/"+w.ID+"/lift", url.Values{"version": {web.Uitoa(w.Version)}},
		"Häva den etiska muren framför kontakten Vera Vägg, som håller ute Medarbetare "+kept.ID[len(kept.ID)-4:]+", team m-och-a?")
	wantStatus(t, admin.post("/admin/walls/"+w.ID+"/lift", confirm), http.StatusSeeOther)
	if n := len(a.walls(t)); n != 0 {
		t.Errorf("%d walls stand after the confirmed lifting", n)
	}
}

// TestPrivacyActionsAskFirst: archiving a contact, ending a lawful basis,
// withdrawing a consent, lifting a restriction, the DPO's final steps on
// a request (extend, answer, refuse, erase), turning the calendar link
// off and signing out everywhere each ask first, naming the person, and
// act once confirmed. A walled contact answers 404 as before.
func TestPrivacyActionsAskFirst(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.createPerson("Pia", "Prövning")
	basis := newID()
	wantStatus(t, a.post("/contacts/"+id+"/lawful-bases", url.Values{"basis_id": {basis}, "basis": {"contract"}, "purpose": {"client_relationship"}}), http.StatusSeeOther)
	confirm := a.asks(t, "/contacts/"+id+"/lawful-bases/"+basis+"/end", url.Values{"reason": {"Uppdraget slutfört"}}, "Pia Prövning")
	wantStatus(t, a.post("/contacts/"+id+"/lawful-bases/"+basis+"/end", confirm), http.StatusSeeOther)
	consent := a.giveConsent(id, "marketing")
	confirm = a.asks(t, "/contacts/"+id+"/consents/"+consent+"/withdraw", url.Values{}, "Pia Prövning")
	wantStatus(t, a.post("/contacts/"+id+"/consents/"+consent+"/withdraw", confirm), http.StatusSeeOther)
	if p := a.privacyOfContact(id); len(p.Consents) != 1 || p.Consents[0].Active {
		t.Errorf("the consent after the confirmed withdrawal: %+v", p.Consents)
	}

	page := a.get("/contacts/" + id).Body.String()
	confirm = a.asks(t, "/contacts/"+id+"/archive", url.Values{"version": {hiddenIn(t, page, "/contacts/"+id+"/archive")}}, "Arkivera kontakten Pia Prövning?")
	wantStatus(t, a.post("/contacts/"+id+"/archive", confirm), http.StatusSeeOther)

	dpo := a.dpo()
	wantStatus(t, dpo.post("/contacts/"+id+"/restriction", url.Values{"reason": {"Bestrider riktigheten"}}), http.StatusSeeOther)
	confirm = dpo.asks(t, "/contacts/"+id+"/restriction/lift", url.Values{}, "Häva begränsningen av behandlingen för Pia Prövning?")
	wantStatus(t, dpo.post("/contacts/"+id+"/restriction/lift", confirm), http.StatusSeeOther)

	walled := a.createPerson("Wilma", "Walldén")
	outsiderMember, outsider := a.lawyer()
	erect(t, a.as(a.signIn(a.member(access.RoleAdmin).ID)), url.Values{"wall_id": {newID()}, "contact_id": {walled},
		"users": {outsiderMember.ID}, "reason": {"Motpart"}})
	wantStatus(t, outsider.post("/contacts/"+walled+"/archive", url.Values{"version": {"1"}}), http.StatusNotFound)

	access1 := dpo.registerRequest(id, "access", date(0), "BankID")
	confirm = dpo.asks(t, "/gdpr/requests/"+access1+"/extend", url.Values{"version": {dpo.requestVersion(access1)},
		"new_deadline": {date(60)}, "reason": {"Omfattande material"}}, "Registerutdrag (art. 15)", "Pia Prövning")
	wantStatus(t, dpo.post("/gdpr/requests/"+access1+"/extend", confirm), http.StatusSeeOther)
	confirm = dpo.asks(t, "/gdpr/requests/"+access1+"/complete", url.Values{"version": {dpo.requestVersion(access1)},
		"outcome": {"Utdrag skickat"}}, "Markera begäran (Registerutdrag (art. 15)) från Pia Prövning som besvarad?")
	wantStatus(t, dpo.post("/gdpr/requests/"+access1+"/complete", confirm), http.StatusSeeOther)
	access2 := dpo.registerRequest(id, "access", date(0), "BankID")
	confirm = dpo.asks(t, "/gdpr/requests/"+access2+"/refuse", url.Values{"version": {dpo.requestVersion(access2)},
		"ground": {"Uppenbart ogrundad"}}, "Avslå begäran (Registerutdrag (art. 15)) från Pia Prövning?")
	wantStatus(t, dpo.post("/gdpr/requests/"+access2+"/refuse", confirm), http.StatusSeeOther)

	gone := a.createPerson("Gunnel", "Glömd")
	erasure := dpo.registerRequest(gone, "erasure", date(0), "BankID")
	confirm = dpo.asks(t, "/gdpr/requests/"+erasure+"/erasure", url.Values{}, "Radera Gunnel Glömd?")
	rec := dpo.post("/gdpr/requests/"+erasure+"/erasure", confirm)
	wantStatus(t, rec, http.StatusSeeOther)
	if location(rec) != "/gdpr/erasures/"+erasure {
		t.Errorf("the confirmed erasure went to %q", location(rec))
	}

	wantStatus(t, a.post("/account/calendar", url.Values{}), http.StatusCreated)
	confirm = a.asks(t, "/account/calendar/revoke", url.Values{}, "Stänga av kalenderlänken?")
	wantStatus(t, a.post("/account/calendar/revoke", confirm), http.StatusSeeOther)
	confirm = a.asks(t, "/account/sessions/end", url.Values{}, "Logga ut på alla enheter?")
	rec = a.post("/account/sessions/end", confirm)
	wantStatus(t, rec, http.StatusSeeOther)
	if location(rec) != "/login" {
		t.Errorf("signing out everywhere went to %q", location(rec))
	}
}

// TestConfirmationIsBoundToSessionAndPath: the confirmation one page hands
// out confirms that action for that session only: another session of the
// same member, or another matter's archiving, is asked again.
func TestConfirmationIsBoundToSessionAndPath(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	one := a.openMatter("Första", a.me.ID, a.createPerson("Ett", "Ettson"), nil, nil, nil)
	two := a.openMatter("Andra", a.me.ID, a.createPerson("Två", "Tvåson"), nil, nil, nil)
	closing := url.Values{"version": {web.Uitoa(one.Version)}}
	confirm := a.asks(t, "/matters/"+one.ID+"/close", closing, "Första")
	elsewhere := a.as(a.signIn(a.me.ID))
	before := a.events()
	for what, rec := range map[string]*httptest.ResponseRecorder{
		"another session": elsewhere.post("/matters/"+one.ID+"/close", confirm),
		"another matter": a.post("/matters/"+two.ID+"/close", url.Values{"version": {web.Uitoa(two.Version)},
			web.ConfirmField: confirm[web.ConfirmField]}),
	} {
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `id="confirm-form"`) {
			t.Errorf("%s: %d, want the question again", what, rec.Code)
		}
	}
	if n := a.events() - before; n != 0 {
		t.Errorf("a confirmation used elsewhere wrote %d events", n)
	}
	wantStatus(t, a.post("/matters/"+one.ID+"/close", confirm), http.StatusSeeOther)
}
