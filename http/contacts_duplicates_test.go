package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	contactpages "github.com/klient-crm/klient/http/contacts"
)

// Issue 14: "the same personnummer can be registered three times without
// a word". Now the second registration, by the API or the form, is
// refused 409 with a link to the contact that holds the number — unless
// the caller may not see that contact (a wall): then the same refusal
// without it. Nothing is written.
func TestAPersonnummerIsRegisteredOnce(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	rec := a.call(http.MethodPost, "/api/v1/contacts", annaJSON)
	wantStatus(t, rec, http.StatusCreated)
	anna := decode[contactpages.ContactJSON](t, rec).ID
	before := a.events()

	// The same number written as ten digits' century form, another name.
	again := `{"kind":"person","details":{"given_name":"Annika","family_name":"Lund","personnummer":"198112189876"}}`
	rec = a.call(http.MethodPost, "/api/v1/contacts", again)
	wantStatus(t, rec, http.StatusConflict)
	p := decode[contactpages.DuplicateProblem](t, rec)
	if p.Code != "contact.number.taken" || p.Title != "Numret är redan registrerat" || p.ExistingID != anna || !strings.Contains(p.Detail, "Det finns redan en kontakt med det här numret") {
		t.Fatalf("refusal %+v", p)
	}

	if a.events() != before {
		t.Fatal("a refused registration wrote events")
	}
	// The form: the field is marked and the registered contact linked.
	form := url.Values{"kind": {"person"}, "contact_id": {uuid.NewString()}, "given_name": {"Annika"},
		"family_name": {"Lund"}, "personnummer": {"811218-9876"}}
	rec = a.post("/contacts", form)
	wantStatus(t, rec, http.StatusConflict)
	wantContains(t, rec.Body.String(), `id="personnummer-error"`, `href="/contacts/`+anna+`"`,
		"Öppna den registrerade kontakten: Anna Lindqvist")

	// A member walled from Anna gets the same refusal, naming no one.
	u := a.member(access.RoleLawyer)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	erect(t, admin, url.Values{"contact_id": {anna}, "users": {u.ID}, "reason": {"jäv: motpart i 2026-0042"}})
	walled := a.as(a.signIn(u.ID))
	before = a.events()
	rec = walled.call(http.MethodPost, "/api/v1/contacts", again)
	wantStatus(t, rec, http.StatusConflict)
	if p := decode[contactpages.DuplicateProblem](t, rec); p.Code != "contact.number.taken" || p.ExistingID != "" ||
		strings.Contains(rec.Body.String(), anna) {
		t.Fatalf("walled refusal %s", rec.Body)
	}
	rec = walled.post("/contacts", form)
	wantStatus(t, rec, http.StatusConflict)
	if body := rec.Body.String(); strings.Contains(body, anna) || strings.Contains(body, "Anna Lindqvist") {
		t.Fatal("the walled form names the holder")
	}
	if a.events() != before {
		t.Fatalf("refused registrations wrote %d events", a.events()-before)
	}
	list := decode[contactpages.ListJSON](t, a.call(http.MethodGet, "/api/v1/contacts", ""))
	if len(list.Items) != 1 {
		t.Fatalf("%d contacts registered, want only Anna", len(list.Items))
	}
}

// Issue 14: a number held by a contact the caller may not see is refused
// "the same answer as any refusal, no existence leak". The number must
// stay refused (it is registered once), so what a member walled from the
// holder gets is the ordinary refusal less the link: the same status,
// code, title, detail and field as a member who sees the holder, without
// existing_id — and byte for byte the answer a holder the member may not
// see for another reason (a restricted person) gets, in the API and in
// the form. So the answer never says why the holder is not shown, nor
// that a wall stands. Nothing is written.
func TestANumberTakenByAnUnseenHolderIsTheOrdinaryRefusal(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	rec := a.call(http.MethodPost, "/api/v1/contacts", annaJSON)
	wantStatus(t, rec, http.StatusCreated)
	anna := decode[contactpages.ContactJSON](t, rec).ID
	rec = a.call(http.MethodPost, "/api/v1/contacts",
		`{"kind":"person","details":{"given_name":"Berit","family_name":"Berg","personnummer":"19121212-1212"}}`)
	wantStatus(t, rec, http.StatusCreated)
	berit := decode[contactpages.ContactJSON](t, rec).ID
	dpo := a.as(a.signIn(a.member(access.RoleDPO).ID))
	wantStatus(t, dpo.call(http.MethodPost, "/api/v1/contacts/"+berit+"/restriction", `{"reason":"Bestrider riktigheten"}`), http.StatusOK)
	u := a.member(access.RoleLawyer)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	erect(t, admin, url.Values{"contact_id": {anna}, "users": {u.ID}, "reason": {"jäv: motpart i 2026-0042"}})
	walled := a.as(a.signIn(u.ID))
	before := a.events()

	register := func(number string) string {
		return `{"kind":"person","details":{"given_name":"Annika","family_name":"Lund","personnummer":"` + number + `"}}`
	}
	seen := a.call(http.MethodPost, "/api/v1/contacts", register("19811218-9876"))
	behindWall := walled.call(http.MethodPost, "/api/v1/contacts", register("19811218-9876"))
	restricted := walled.call(http.MethodPost, "/api/v1/contacts", register("19121212-1212"))
	sameAnswer(t, "the API's refusal of a walled holder's number", behindWall, restricted)
	wantStatus(t, behindWall, http.StatusConflict)
	problem := func(rec *httptest.ResponseRecorder) map[string]any {
		var m map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
			t.Fatalf("%v: %s", err, rec.Body)
		}
		delete(m, "correlation_id")
		return m
	}
	ordinary, hidden := problem(seen), problem(behindWall)
	if ordinary["existing_id"] != anna || ordinary["code"] != "contact.number.taken" {
		t.Fatalf("the refusal to one who sees the holder: %s", seen.Body)
	}
	delete(ordinary, "existing_id")
	if !reflect.DeepEqual(ordinary, hidden) {
		t.Errorf("the walled refusal %v\nis not the ordinary one less the link %v", hidden, ordinary)
	}

	// The form: the number typed is the one difference between the two.
	form := func(number string) url.Values {
		return url.Values{"kind": {"person"}, "contact_id": {"0b0e3c2e-5a34-4c1c-9a54-3a9d1c4f7e21"}, "given_name": {"Annika"},
			"family_name": {"Lund"}, "personnummer": {number}}
	}
	pageWall := walled.post("/contacts", form("19811218-9876"))
	pageRestricted := walled.post("/contacts", form("19121212-1212"))
	wantStatus(t, pageWall, http.StatusConflict)
	wantContains(t, pageWall.Body.String(), `id="personnummer-error"`)
	pageWall.Body = bytes.NewBufferString(strings.ReplaceAll(pageWall.Body.String(), "19811218-9876", "NUMMER"))
	pageRestricted.Body = bytes.NewBufferString(strings.ReplaceAll(pageRestricted.Body.String(), "19121212-1212", "NUMMER"))
	sameAnswer(t, "the form's refusal of a walled holder's number", pageWall, pageRestricted)
	if a.events() != before {
		t.Fatalf("refused registrations wrote %d events", a.events()-before)
	}
}

// A contact resembling one registered (a similar name and the same e-mail
// address, phone or birth date) is held back once with the candidates and
// their reasons, and registered when sent again with "register anyway".
func TestALikelyDuplicateIsWarnedOf(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	wantStatus(t, a.call(http.MethodPost, "/api/v1/contacts", annaJSON), http.StatusCreated)
	anna := decode[contactpages.ListJSON](t, a.call(http.MethodGet, "/api/v1/contacts", "")).Items[0].ID

	id := uuid.NewString()
	body := `{"id":"` + id + `","kind":"person","details":{"given_name":"Ana","family_name":"Lindqvist","emails":[{"address":"ANNA@example.se"}]}}`
	rec := a.call(http.MethodPost, "/api/v1/contacts", body)
	wantStatus(t, rec, http.StatusConflict)
	p := decode[contactpages.DuplicateProblem](t, rec)
	if p.Code != "contact.duplicate.likely" || p.Title != "Finns kontakten redan?" || len(p.Duplicates) != 1 || p.Duplicates[0].ID != anna ||
		strings.Join(p.Duplicates[0].Reasons, ",") != "email" {
		t.Fatalf("warning %s", rec.Body)
	}
	withAnyway := strings.Replace(body, `{"id"`, `{"create_anyway":true,"id"`, 1)
	wantStatus(t, a.call(http.MethodPost, "/api/v1/contacts", withAnyway), http.StatusCreated)
	// A resend of the registration lands on the same contact.
	rec = a.call(http.MethodPost, "/api/v1/contacts", withAnyway)
	wantStatus(t, rec, http.StatusCreated)
	if got := decode[contactpages.ContactJSON](t, rec).ID; got != id {
		t.Fatalf("resent registration answered %s, want %s", got, id)
	}

	// The form: the warning with the reason, then "Registrera ändå".
	form := url.Values{"kind": {"person"}, "contact_id": {uuid.NewString()}, "given_name": {"Anna"},
		"family_name": {"Lindkvist"}}
	form.Set("phones[0].number", "070-123 45 67")
	rec = a.post("/contacts", form)
	wantStatus(t, rec, http.StatusConflict)
	wantContains(t, rec.Body.String(), "Finns kontakten redan?", `href="/contacts/`+anna+`"`,
		"Liknande namn och samma telefonnummer", `name="create_anyway" value="1"`, "Registrera ändå")
	form.Set("create_anyway", "1")
	wantStatus(t, a.post("/contacts", form), http.StatusSeeOther)
}

// The duplicates review ranks the pairs with their reasons, through the
// reader's walls.
func TestDuplicatesReviewPage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	wantStatus(t, a.call(http.MethodPost, "/api/v1/contacts", annaJSON), http.StatusCreated)
	twin := `{"kind":"person","create_anyway":true,"details":{"given_name":"Ana","family_name":"Lindqvist","emails":[{"address":"anna@example.se"}],"phones":[{"number":"070-123 45 67"}]}}`
	rec := a.call(http.MethodPost, "/api/v1/contacts", twin)
	wantStatus(t, rec, http.StatusCreated)
	twinID := decode[contactpages.ContactJSON](t, rec).ID
	a.createPerson("Bertil", "Berg")

	page := a.get("/contacts/duplicates")
	wantStatus(t, page, http.StatusOK)
	body := flatten(page.Body.String())
	if !strings.Contains(body, "Möjliga dubbletter") || !strings.Contains(body, "Anna Lindqvist Ana Lindqvist Liknande namn och samma e-postadress och samma telefonnummer") ||
		strings.Contains(body, "Bertil") {
		t.Fatalf("review: %s", body)
	}
	u := a.member(access.RoleLawyer)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	erect(t, admin, url.Values{"contact_id": {twinID}, "users": {u.ID}, "reason": {"jäv"}})
	walled := a.as(a.signIn(u.ID)).get("/contacts/duplicates")
	wantStatus(t, walled, http.StatusOK)
	if strings.Contains(walled.Body.String(), twinID) || !strings.Contains(walled.Body.String(), "Inga möjliga dubbletter") {
		t.Fatal("the review shows a walled contact")
	}
}

// A contact registered before the claim streams (or by a batch import)
// holds its number without a claim: the edge finds it in the register
// and refuses the second registration all the same, by API and form.
func TestAnUnclaimedNumberIsRefusedToo(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	legacy, err := contactcmd.NewContacts(a.store, a.codec, time.Now) // no number key: no claims
	must(t, err)
	reg, err := contactcmd.NewRegisterPersonHandler(legacy)
	must(t, err)
	old, err := reg.Handle(context.Background(), contactcmd.RegisterPerson{Actor: journal.Actor{ID: a.me.ID},
		Details: contact.PersonDetails{GivenName: "Gammal", FamilyName: "Kontakt", Personnummer: "19811218-9876"}})
	must(t, err)
	must(t, a.rt.WaitFor(context.Background(), "contacts", old.Position))

	rec := a.call(http.MethodPost, "/api/v1/contacts", annaJSON)
	wantStatus(t, rec, http.StatusConflict)
	if p := decode[contactpages.DuplicateProblem](t, rec); p.Code != "contact.number.taken" || p.ExistingID != old.ContactID {
		t.Fatalf("refusal %s", rec.Body)
	}
	rec = a.call(http.MethodPost, "/api/v1/contacts", strings.Replace(annaJSON, `{"kind"`, `{"create_anyway":true,"kind"`, 1))
	wantStatus(t, rec, http.StatusConflict)
	form := url.Values{"kind": {"person"}, "contact_id": {uuid.NewString()}, "given_name": {"Anna"},
		"family_name": {"Lindqvist"}, "personnummer": {"811218-9876"}}
	wantContains(t, a.post("/contacts", form).Body.String(), "Öppna den registrerade kontakten: Gammal Kontakt")
}
