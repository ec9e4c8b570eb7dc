package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/dpo"
	contactpages "github.com/klient-crm/klient/http/contacts"
	dpopages "github.com/klient-crm/klient/http/dpo"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// A merge carries the merged contact's special-category markings to the
// survivor (docs/gdpr.md, *A contact, or a field of one*). Greta was
// registered twice: as A with her address at a care home, marked health,
// and her relations marked for offences; as B with her relations marked
// health. A is merged into B, keeping A's address. Then B's address is
// marked as A's was and B's relations for both (categories and grounds),
// so the assistant on B's matter (no sensitive.read) reads "(känslig
// uppgift)" where the care home was, on the page and in the API; the
// DPO's count holds Greta once for health, where before the merge it held
// two contacts; B's access package lists both markings; the survivor's
// stream holds the categories sealed.
func TestSpecialCategoryMarkingsFollowAMerge(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	assistant := a.member(access.RoleAssistant)
	const street = "Solhemmets vårdboende, Ekvägen 3"
	address := `"addresses":[{"street":"` + street + `","postal_code":"11122","city":"Stockholm","country":"SE"}]`
	rec := a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"Greta","family_name":"Vårdsson",`+address+`}}`)
	wantStatus(t, rec, http.StatusCreated)
	away := decode[contactpages.ContactJSON](t, rec).ID
	keep := a.createPerson("Greta", "Vårdsson")
	a.openMatter("Ersättning för vårdskada", a.me.ID, away, nil, []string{assistant.ID}, nil)
	a.openMatter("Försvar i ringa stöld", a.me.ID, keep, nil, []string{assistant.ID}, nil)
	mark := func(id, body string) {
		t.Helper()
		wantStatus(t, a.call(http.MethodPut, "/api/v1/contacts/"+id+"/special-category", body), http.StatusOK)
	}
	mark(away, `{"field":"addresses","categories":["health"],"grounds":["art9_2_h"]}`)
	mark(away, `{"field":"relationships","categories":["criminal"],"grounds":["art10"]}`)
	mark(keep, `{"field":"relationships","categories":["health"],"grounds":["art9_2_h"]}`)
	officer := a.requestsOfficer()
	counts := func() map[dpo.SpecialCategory]int {
		t.Helper()
		record := decode[dpopages.RecordJSON](t, officer.call(http.MethodGet, "/api/v1/processing-record", ""))
		out := map[dpo.SpecialCategory]int{}
		for _, c := range record.SpecialCategories {
			out[c.Category] = c.Contacts
		}
		return out
	}
	if n := counts(); n[dpo.CategoryHealth] != 2 || n[dpo.CategoryCriminal] != 1 {
		t.Fatalf("before the merge the record counts %v; want two contacts for health, one for offences", n)
	}
	version := func(id string) string {
		t.Helper()
		rec := a.call(http.MethodGet, "/api/v1/contacts/"+id, "", "Klient-Purpose", "Sammanslagning av dubbletter")
		wantStatus(t, rec, http.StatusOK)
		return strings.Trim(rec.Header().Get("ETag"), `"`)
	}

	rec = a.call(http.MethodPost, "/api/v1/contacts/"+keep+"/merge", fmt.Sprintf(`{"version":%s,"merged_id":%q,"merged_version":%s,
		"details":{"given_name":"Greta","family_name":"Vårdsson",%s}}`, version(keep), away, version(away), address))
	wantStatus(t, rec, http.StatusOK)

	asAssistant := a.as(a.signIn(assistant.ID))
	page := asAssistant.get("/contacts/" + keep)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "Greta Vårdsson", "(känslig uppgift)")
	wantAbsent(t, page.Body.String(), "Solhemmets", "Ekvägen")
	api := asAssistant.call(http.MethodGet, "/api/v1/contacts/"+keep, "")
	wantStatus(t, api, http.StatusOK)
	if got := decode[contactpages.ContactJSON](t, api); !slices.Equal(got.Withheld, []string{"addresses", "relationships"}) {
		t.Errorf("the assistant's API answer for the survivor withholds %v, want [addresses relationships]", got.Withheld)
	}
	wantAbsent(t, api.Body.String(), "Solhemmets")

	marks := decode[contactpages.ContactSpecialListJSON](t, a.call(http.MethodGet, "/api/v1/contacts/"+keep+"/special-category", "")).Markings
	want := []contactpages.ContactSpecialJSON{
		{Field: dpo.FieldAddresses, Categories: []dpo.SpecialCategory{dpo.CategoryHealth}, Grounds: []dpo.SpecialGround{dpo.GroundHealthCare}},
		{Field: dpo.FieldRelationships, Categories: []dpo.SpecialCategory{dpo.CategoryCriminal, dpo.CategoryHealth},
			Grounds: []dpo.SpecialGround{dpo.GroundOffencesByLaw, dpo.GroundHealthCare}}}
	if len(marks) != len(want) {
		t.Fatalf("the survivor's markings read %+v; want %+v", marks, want)
	}
	for i := range want {
		if marks[i].Field != want[i].Field || !slices.Equal(marks[i].Categories, want[i].Categories) || !slices.Equal(marks[i].Grounds, want[i].Grounds) {
			t.Errorf("the survivor's marking %d reads %+v; want %+v", i, marks[i], want[i])
		}
	}

	if n := counts(); n[dpo.CategoryHealth] != 1 || n[dpo.CategoryCriminal] != 1 || len(n) != 2 {
		t.Errorf("after the merge the record counts contacts per category %v; want Greta once for health and once for offences", n)
	}
	wantContains(t, section(t, officer.get("/gdpr").Body.String(), "special-categories"), "Hälsa – dokument: 0, kontakter: 1")

	pkg := officer.call(http.MethodGet, "/api/v1/subjects/"+keep+"/export", "")
	wantStatus(t, pkg, http.StatusOK)
	var got subjectexport.Package
	must(t, json.Unmarshal(pkg.Body.Bytes(), &got))
	if len(got.SpecialCategories) != 2 || got.SpecialCategories[0].What != "addresses" || got.SpecialCategories[0].ID != keep ||
		!slices.Equal(got.SpecialCategories[0].Categories, []string{"health"}) || got.SpecialCategories[0].MarkedAt.IsZero() ||
		got.SpecialCategories[1].What != "relationships" || !slices.Equal(got.SpecialCategories[1].Grounds, []string{"art10", "art9_2_h"}) {
		t.Errorf("the survivor's access package lists the markings %+v; want its address (health) and relations (offences, health)", got.SpecialCategories)
	}

	envs, err := a.store.ReadStream(context.Background(), dpo.ContactSpecialStreamName(keep), 0, 100)
	must(t, err)
	if len(envs) != 3 || !bytes.Contains(envs[2].Data, []byte(away)) {
		t.Errorf("the survivor's marking stream holds %d events; want the merge's two after its own, naming where they came from", len(envs))
	}
	for i, env := range envs {
		if bytes.Contains(env.Data, []byte("health")) || bytes.Contains(env.Data, []byte("criminal")) {
			t.Errorf("event %d of the survivor's marking stream holds a category in the clear", i)
		}
	}
}
