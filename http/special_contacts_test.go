package http_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/dpo"
	contactpages "github.com/klient-crm/klient/http/contacts"
	dpopages "github.com/klient-crm/klient/http/dpo"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/outbox"
)

// TestSpecialCategoryContacts: issue 16's sensitive data on a contact. A
// lawyer of the client's matter marks the client's addresses (a care
// home: health); a category without its ground is refused in Swedish and
// writes nothing, and to a lawyer on none of the contact's matters the
// markings are not there (404). Then the assistant on the matter's team (no
// sensitive.read) sees "(känslig uppgift)" where the address was, on the
// page and in the API (withheld), and may neither edit the contact nor
// export the address; the lawyer is asked why before the address is
// shown, and the access log keeps the reason with the view. The marked
// contact is in no campaign audience; the categories are sealed in the
// log; the DPO's page and the record of processing count the contact;
// the person's access package still holds the address.
// Lifting the marking asks first.
func TestSpecialCategoryContacts(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	assistant := a.member(access.RoleAssistant, access.RoleMarketing)
	outsider := a.member(access.RoleLawyer)
	rec := a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"Greta","family_name":"Vårdsson",`+
		`"emails":[{"address":"greta@example.se"}],"addresses":[{"street":"Solhemmets vårdboende, Ekvägen 3","postal_code":"11122","city":"Stockholm","country":"SE"}]}}`)
	wantStatus(t, rec, http.StatusCreated)
	greta := decode[contactpages.ContactJSON](t, rec).ID
	rec = a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"Hugo","family_name":"Frisk",`+
		`"emails":[{"address":"hugo@example.se"}]}}`)
	wantStatus(t, rec, http.StatusCreated)
	hugo := decode[contactpages.ContactJSON](t, rec).ID
	a.giveConsent(greta, "marketing")
	a.giveConsent(hugo, "marketing")
	a.openMatter("Ersättning för vårdskada", a.me.ID, greta, nil, []string{assistant.ID}, nil)
	asAssistant, asOutsider := a.as(a.signIn(assistant.ID)), a.as(a.signIn(outsider.ID))
	const street = "Solhemmets vårdboende"
	wantContains(t, asAssistant.get("/contacts/"+greta).Body.String(), street)

	path := "/api/v1/contacts/" + greta + "/special-category"
	before := a.events()
	p := wantProblem(t, a.call(http.MethodPut, path, `{"field":"addresses","categories":["health"],"grounds":[]}`), http.StatusUnprocessableEntity)
	if len(p.Errors) != 1 || p.Errors[0].Field != "grounds" {
		t.Errorf("health without a ground: %+v", p)
	}
	rec = a.post("/contacts/"+greta+"/special-category", url.Values{"field": {"addresses"}, "categories": {"criminal"}, "grounds": {"art9_2_f"}})
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Uppgifter om lagöverträdelser kräver lagstödet i art. 10.")
	wantProblem(t, a.call(http.MethodPut, path, `{"field":"notes","categories":["health"],"grounds":["art9_2_h"]}`), http.StatusUnprocessableEntity)
	wantProblem(t, asOutsider.call(http.MethodPut, path, `{"field":"addresses","categories":["health"],"grounds":["art9_2_h"]}`), http.StatusNotFound)
	wantProblem(t, asAssistant.call(http.MethodGet, path, ""), http.StatusForbidden)
	if a.events() != before {
		t.Fatalf("refused markings wrote %d events", a.events()-before)
	}
	rec = a.call(http.MethodPut, path, `{"field":"addresses","categories":["health"],"grounds":["art9_2_h"]}`)
	wantStatus(t, rec, http.StatusOK)
	marks := decode[contactpages.ContactSpecialListJSON](t, rec).Markings
	if len(marks) != 1 || marks[0].Field != dpo.FieldAddresses || !slices.Equal(marks[0].Categories, []dpo.SpecialCategory{dpo.CategoryHealth}) {
		t.Errorf("the markings read %+v", marks)
	}
	wantStatus(t, a.call(http.MethodGet, path, ""), http.StatusOK)

	// The assistant on the same matter: the address is hidden everywhere.
	page := asAssistant.get("/contacts/" + greta)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "Greta Vårdsson", "(känslig uppgift)", "visas bara för juristerna i kontaktens ärenden")
	wantAbsent(t, page.Body.String(), street, "Hälsa")
	wantAbsent(t, section(t, page.Body.String(), "special"), `name="purpose"`)
	got := decode[contactpages.ContactJSON](t, asAssistant.call(http.MethodGet, "/api/v1/contacts/"+greta, "", web.PurposeHeader, "Nyfiken"))
	if !slices.Equal(got.Withheld, []string{"addresses"}) {
		t.Errorf("the assistant's API answer withholds %v, want [addresses]", got.Withheld)
	}
	wantAbsent(t, asAssistant.call(http.MethodGet, "/api/v1/contacts/"+greta, "").Body.String(), street)
	wantStatus(t, asAssistant.get("/contacts/"+greta+"/edit"), http.StatusForbidden)
	wantProblem(t, asAssistant.call(http.MethodPatch, "/api/v1/contacts/"+greta, `{"version":0,"details":{"addresses":[]}}`), http.StatusForbidden)
	export := asAssistant.call(http.MethodPost, "/api/v1/contacts/export", `{"format":"csv","ids":["`+greta+`"]}`)
	wantStatus(t, export, http.StatusOK)
	wantContains(t, export.Body.String(), "Vårdsson")
	wantAbsent(t, export.Body.String(), street, "Ekvägen")

	// The lawyer of the matter: asked why, then shown, and the reason logged.
	page = a.get("/contacts/" + greta)
	wantContains(t, section(t, page.Body.String(), "special"), `action="/contacts/`+greta+`/sensitive"`, `name="purpose"`)
	wantAbsent(t, page.Body.String(), street)
	wantStatus(t, a.post("/contacts/"+greta+"/sensitive", url.Values{}), http.StatusUnprocessableEntity)
	const why = "Underlag till stämningsansökan"
	shown := a.post("/contacts/"+greta+"/sensitive", url.Values{"purpose": {why}})
	wantStatus(t, shown, http.StatusOK)
	wantContains(t, shown.Body.String(), street, "Adresser (t.ex. en anstalt, ett sjukhus, ett boende): Hälsa")
	full := decode[contactpages.ContactJSON](t, a.call(http.MethodGet, "/api/v1/contacts/"+greta, "", web.PurposeHeader, why))
	if len(full.Withheld) != 0 || !bytes.Contains(a.call(http.MethodGet, "/api/v1/contacts/"+greta, "", web.PurposeHeader, why).Body.Bytes(), []byte("Ekvägen")) {
		t.Errorf("the lawyer with a purpose gets %+v", full)
	}
	entries, err := web.AccessLogStore(a.pool, a.keys).Search(context.Background(), accesslog.Filter{StaffID: a.me.ID, Limit: 500})
	must(t, err)
	var reads int
	for _, e := range entries {
		if e.Route == "/contacts/{id}/sensitive" && e.Purpose == why && slices.Contains(e.Subjects, greta) {
			reads++
		}
	}
	if reads != 1 {
		t.Errorf("the lawyer's view of the marked address is in the access log with its purpose %d times, want 1", reads)
	}

	// Never in a campaign's audience; the consenting contact without a marking is.
	audience, err := outbox.Audience(context.Background(), a.pool, "marketing", time.Time{}, 0)
	must(t, err)
	if len(audience) != 1 || audience[0].ContactID != hugo {
		t.Errorf("the marketing audience is %+v, want Hugo alone", audience)
	}

	envs, err := a.store.ReadStream(context.Background(), dpo.ContactSpecialStreamName(greta), 0, 100)
	must(t, err)
	if len(envs) != 1 || bytes.Contains(envs[0].Data, []byte("health")) {
		t.Errorf("the marking's stream holds %d events; the categories must be sealed", len(envs))
	}

	officer := a.requestsOfficer()
	record := decode[dpopages.RecordJSON](t, officer.call(http.MethodGet, "/api/v1/processing-record", ""))
	want := dpopages.SpecialCategoryInUseJSON{Category: dpo.CategoryHealth, Contacts: 1}
	if len(record.SpecialCategories) != 1 || record.SpecialCategories[0] != want {
		t.Errorf("the record lists %+v, want %+v", record.SpecialCategories, want)
	}
	for _, page := range []string{"/registers/processing", "/gdpr"} {
		wantContains(t, section(t, officer.get(page).Body.String(), "special-categories"), "Hälsa – dokument: 0, kontakter: 1")
	}
	wantContains(t, officer.get("/contacts/"+greta+"/special-category").Body.String(), "Hälsa", "Art. 9.2 h")
	// The person's own access package (art. 15) still has the marked address.
	pkg := officer.call(http.MethodGet, "/api/v1/subjects/"+greta+"/export", "")
	wantStatus(t, pkg, http.StatusOK)
	wantContains(t, pkg.Body.String(), street)

	// Lifting asks first; confirmed, the assistant sees the address again.
	before = a.events()
	ask := a.post("/contacts/"+greta+"/special-category", url.Values{"field": {"addresses"}})
	wantStatus(t, ask, http.StatusOK)
	wantContains(t, ask.Body.String(), "Häva markeringen", "Greta Vårdsson")
	if a.events() != before {
		t.Fatalf("the question wrote %d events", a.events()-before)
	}
	wantStatus(t, a.call(http.MethodPut, path, `{"field":"addresses","categories":[],"grounds":[]}`), http.StatusOK)
	wantContains(t, asAssistant.get("/contacts/"+greta).Body.String(), street)
}

// TestSpecialCategoryWholeContact: a contact marked whole is a minimal
// card to those who may not read it — the name, nothing else — on its
// page, in the API and in lists; it leaves bulk exports and the analysts'
// schema altogether.
func TestSpecialCategoryWholeContact(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	assistant := a.member(access.RoleAssistant)
	rec := a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"Kalle","family_name":"Anklagad",`+
		`"personnummer":"19800101-0001","emails":[{"address":"kalle@example.se"}],"phones":[{"number":"070-123 45 67"}]}}`)
	wantStatus(t, rec, http.StatusCreated)
	kalle := decode[contactpages.ContactJSON](t, rec).ID
	a.openMatter("Försvar i bedrägerimål", a.me.ID, kalle, nil, []string{assistant.ID}, nil)
	var analysed int
	must(t, a.pool.QueryRow(context.Background(), `SELECT count(*) FROM reporting.contacts`).Scan(&analysed))

	wantStatus(t, a.call(http.MethodPut, "/api/v1/contacts/"+kalle+"/special-category",
		`{"field":"contact","categories":["criminal"],"grounds":["art10"]}`), http.StatusOK)
	asAssistant := a.as(a.signIn(assistant.ID))
	page := asAssistant.get("/contacts/" + kalle)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "Kalle Anklagad", "Bara namnet visas för dig.")
	wantAbsent(t, page.Body.String(), "kalle@example.se", "19800101-0001", "Försvar i bedrägerimål", "Lagöverträdelser")
	api := asAssistant.call(http.MethodGet, "/api/v1/contacts/"+kalle, "")
	wantStatus(t, api, http.StatusOK)
	if got := decode[contactpages.ContactJSON](t, api); !slices.Equal(got.Withheld, []string{"contact"}) || got.DisplayName != "Kalle Anklagad" {
		t.Errorf("the API's card: %+v", got)
	}
	wantAbsent(t, api.Body.String(), "kalle@example.se", "19800101-0001")
	list := asAssistant.call(http.MethodPost, "/api/v1/contacts/search", `{"q":"Anklagad"}`)
	wantStatus(t, list, http.StatusOK)
	wantContains(t, list.Body.String(), kalle)
	wantAbsent(t, list.Body.String(), "kalle@example.se", "19800101-0001")
	export := a.call(http.MethodPost, "/api/v1/contacts/export", `{"format":"csv","ids":["`+kalle+`"]}`)
	wantStatus(t, export, http.StatusOK)
	wantAbsent(t, export.Body.String(), "Anklagad", "kalle@example.se")
	var after int
	must(t, a.pool.QueryRow(context.Background(), `SELECT count(*) FROM reporting.contacts`).Scan(&after))
	if after != analysed-1 {
		t.Errorf("reporting.contacts has %d rows after the marking, %d before: want the marked contact gone", after, analysed)
	}
	// The lawyer of the matter opens it with a purpose.
	shown := a.post("/contacts/"+kalle+"/sensitive", url.Values{"purpose": {"Förbereda försvaret"}})
	wantStatus(t, shown, http.StatusOK)
	wantContains(t, shown.Body.String(), "kalle@example.se", "19800101-0001")
}
