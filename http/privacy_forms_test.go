package http_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestPrivacyPanelBasesAndObjection: staff record a lawful basis (a
// legitimate interest without its balancing test is refused, nothing
// written), end it with a reason, and record an objection to direct
// marketing; the panel shows each.
func TestPrivacyPanelBasesAndObjection(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.createPerson("Åsa", "Grundström")
	page := a.get("/contacts/" + id)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "Dataskydd", "Ingen rättslig grund är registrerad.", "Registrera samtycke")
	wantAbsent(t, page.Body.String(), "/gdpr/requests/new")

	basisID := newID()
	form := url.Values{"basis_id": {basisID}, "basis": {"legitimate_interest"}, "purpose": {"marketing"}, "note": {""}}
	before := a.events()
	rec := a.postPanel(id, "/lawful-bases", form)
	a.refusedUnwritten(t, rec, http.StatusUnprocessableEntity, before)
	wantContains(t, rec.Body.String(), "Ett berättigat intresse kräver en intresseavvägning.")

	form.Set("note", "Seminarieinbjudningar till befintliga klienter väger lätt mot deras intresse.")
	rec = a.postPanel(id, "/lawful-bases", form)
	wantStatus(t, rec, http.StatusSeeOther)
	if want := "/contacts/" + id + "?done=basis_recorded#privacy"; location(rec) != want {
		t.Errorf("redirect to %q, want %q", location(rec), want)
	}
	wantContains(t, a.get("/contacts/"+id+"?done=basis_recorded").Body.String(),
		"Den rättsliga grunden är registrerad.", "Berättigat intresse", "Seminarieinbjudningar", "Gäller",
		"Medarbetare "+a.me.ID[len(a.me.ID)-4:])

	before = a.events()
	a.refusedUnwritten(t, a.postPanel(id, "/lawful-bases/"+basisID+"/end", url.Values{"reason": {" "}}), http.StatusUnprocessableEntity, before)
	wantStatus(t, a.postPanel(id, "/lawful-bases/"+basisID+"/end", url.Values{"reason": {"Klientrelationen upphörde"}}), http.StatusSeeOther)
	wantContains(t, a.get("/contacts/"+id).Body.String(), "Upphörde", "Klientrelationen upphörde")

	before = a.events()
	a.refusedUnwritten(t, a.postPanel(id, "/objection", url.Values{"to": {"everything"}}), http.StatusUnprocessableEntity, before)
	wantStatus(t, a.postPanel(id, "/objection", url.Values{"to": {"direct_marketing"}}), http.StatusSeeOther)
	body := a.get("/contacts/" + id).Body.String()
	wantContains(t, body, "Invändning mot direktmarknadsföring")
	wantAbsent(t, body, `id="objection-form"`)
	if p := a.privacyOfContact(id); !p.DirectMarketing || len(p.LawfulBases) != 1 || p.LawfulBases[0].Active {
		t.Errorf("register after the forms: %+v", p)
	}
	wantAbsent(t, a.logs.String(), "Grundström", "Seminarieinbjudningar", "Klientrelationen upphörde")
}

// TestPrivacyPanelConsents: staff record a consent (verbal without
// evidence and a malformed time are refused, nothing written), withdraw
// it with one click, and the history shows both; an unknown consent is a
// 404 that writes nothing.
func TestPrivacyPanelConsents(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.createPerson("Bo", "Samtyckesson")
	consentID := newID()
	form := url.Values{"consent_id": {consentID}, "purpose": {"marketing"}, "scope": {"Nyhetsbrev om familjerätt"},
		"how": {"verbal"}, "where": {"Möte på kontoret"}, "evidence": {""}, "given_at": {""}}
	before := a.events()
	a.refusedUnwritten(t, a.postPanel(id, "/consents", form), http.StatusUnprocessableEntity, before)
	form.Set("how", "email")
	form.Set("given_at", "igår")
	rec := a.postPanel(id, "/consents", form)
	a.refusedUnwritten(t, rec, http.StatusUnprocessableEntity, before)
	wantContains(t, rec.Body.String(), "Ange datum och tid")

	form.Set("given_at", "2026-01-15T10:30")
	wantStatus(t, a.postPanel(id, "/consents", form), http.StatusSeeOther)
	wantContains(t, a.get("/contacts/"+id).Body.String(), "Nyhetsbrev om familjerätt", "Givet 2026-01-15 10:30", "E-post")

	before = a.events()
	a.refusedUnwritten(t, a.postPanel(id, "/consents/"+newID()+"/withdraw", nil), http.StatusNotFound, before)
	rec = a.postPanel(id, "/consents/"+consentID+"/withdraw", nil)
	wantStatus(t, rec, http.StatusSeeOther)
	body := a.get("/contacts/" + id + "?done=consent_withdrawn").Body.String()
	wantContains(t, body, "Samtycket är återkallat.", "(registrerat av personal)", "Givet 2026-01-15 10:30")
	c := a.privacyOfContact(id).Consents
	if len(c) != 1 || c[0].Active || len(c[0].History) != 2 || c[0].History[1].Via != "staff" {
		t.Errorf("consents after withdrawal: %+v", c)
	}
}

// TestPrivacyPanelRestriction: only the DPO restricts (with a reason) and
// lifts; the DPO also gets the link to register a request.
func TestPrivacyPanelRestriction(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	id := a.createPerson("Cilla", "Begränsasdotter")
	before := a.events()
	a.refusedUnwritten(t, a.postPanel(id, "/restriction", url.Values{"reason": {"Bestrider riktigheten"}}), http.StatusForbidden, before)

	dpo := a.dpo()
	before = a.events()
	page := dpo.get("/contacts/" + id).Body.String()
	wantContains(t, page, `href="/gdpr/requests/new?subject=`+id+`"`, "Registrera begäran", "Begränsa behandlingen")
	rec := dpo.postPanel(id, "/restriction", url.Values{"reason": {""}, "until": {"2026-13-01"}})
	a.refusedUnwritten(t, rec, http.StatusUnprocessableEntity, before)
	wantStatus(t, dpo.postPanel(id, "/restriction", url.Values{"reason": {"Bestrider riktigheten"}, "until": {date(30)}}), http.StatusSeeOther)
	wantContains(t, dpo.get("/contacts/"+id).Body.String(), "Behandlingen är begränsad sedan", "Bestrider riktigheten", "Häv begränsningen")
	wantStatus(t, dpo.postPanel(id, "/restriction/lift", nil), http.StatusSeeOther)
	wantContains(t, dpo.get("/contacts/"+id+"?done=lifted").Body.String(), "Begränsningen är hävd.", "Behandlingen är inte begränsad.")
	wantStatus(t, a.get("/contacts/"+id), http.StatusOK) // lifted: staff see the person again
}
