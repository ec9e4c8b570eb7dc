package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	casework "github.com/klient-crm/klient/http/casework"
	contactpages "github.com/klient-crm/klient/http/contacts"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// Issue 14's merge through the API: the kept contact takes the details
// chosen field by field; the merged one's ID answers with a pointer (API)
// or a redirect (page) and leaves the list. A merge into itself is
// refused and writes nothing.
func TestMergeTwoContacts(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	keep := a.createPerson("Åsa", "Lindqvist")
	away := a.createPerson("Åsa", "Lindkvist")
	version := func(id string) string {
		rec := a.call(http.MethodGet, "/api/v1/contacts/"+id, "")
		wantStatus(t, rec, http.StatusOK)
		return strings.Trim(rec.Header().Get("ETag"), `"`)
	}

	u := a.member(access.RoleLawyer)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	erect(t, admin, url.Values{"contact_id": {away}, "users": {u.ID}, "reason": {"jäv"}})
	walled := a.as(a.signIn(u.ID))
	if rec := walled.get("/api/v1/contacts/" + keep); rec.Code != http.StatusOK {
		t.Fatalf("before the merge the kept contact is not walled: %d", rec.Code)
	}

	before := a.events()
	rec := a.call(http.MethodPost, "/api/v1/contacts/"+keep+"/merge",
		fmt.Sprintf(`{"version":%s,"merged_id":%q,"merged_version":%s}`, version(keep), keep, version(keep)))
	if p := wantProblem(t, rec, http.StatusUnprocessableEntity); len(p.Errors) == 0 || p.Errors[0].Code != "contact.merge.self" ||
		!strings.Contains(p.Errors[0].Message, "sig själv") {
		t.Fatalf("self-merge: %+v", p)
	}
	if a.events() != before {
		t.Fatal("a refused merge wrote events")
	}

	body := fmt.Sprintf(`{"version":%s,"merged_id":%q,"merged_version":%s,
		"details":{"given_name":"Åsa","family_name":"Lindqvist","emails":[{"address":"asa@example.se"}]}}`, version(keep), away, version(away))
	rec = a.call(http.MethodPost, "/api/v1/contacts/"+keep+"/merge", body)
	wantStatus(t, rec, http.StatusOK)
	if c := decode[contactpages.ContactJSON](t, rec); c.ID != keep || !strings.Contains(rec.Body.String(), "asa@example.se") {
		t.Fatalf("merged: %s", rec.Body)
	}

	rec = a.call(http.MethodGet, "/api/v1/contacts/"+away, "")
	wantStatus(t, rec, http.StatusMovedPermanently)
	if p := decode[contactpages.MergedJSON](t, rec); p.MergedInto != keep || rec.Header().Get("Location") != "/api/v1/contacts/"+keep {
		t.Fatalf("pointer %s %v", rec.Body, rec.Header())
	}
	page := a.get("/contacts/" + away)
	if page.Code != http.StatusMovedPermanently || page.Header().Get("Location") != "/contacts/"+keep {
		t.Fatalf("page of the merged contact: %d %v", page.Code, page.Header())
	}
	list := decode[contactpages.ListJSON](t, a.call(http.MethodGet, "/api/v1/contacts", ""))
	for _, c := range list.Items {
		if c.ID == away {
			t.Fatal("the merged contact is still listed")
		}
	}

	// The wall before the merged contact stands before the survivor too,
	// and its old ID answers as an unknown one.
	for _, path := range []string{"/api/v1/contacts/" + keep, "/api/v1/contacts/" + away, "/contacts/" + keep} {
		if rec := walled.get(path); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s behind the merged contact's wall: %d", path, rec.Code)
		}
	}
}

// merge merges away into keep through the API, each at the version it is
// at, keeping keep's own details.
func (a *app) merge(keep, away string) {
	a.t.Helper()
	version := func(id string) string {
		rec := a.call(http.MethodGet, "/api/v1/contacts/"+id, "")
		wantStatus(a.t, rec, http.StatusOK)
		return strings.Trim(rec.Header().Get("ETag"), `"`)
	}
	rec := a.call(http.MethodPost, "/api/v1/contacts/"+keep+"/merge",
		fmt.Sprintf(`{"version":%s,"merged_id":%q,"merged_version":%s}`, version(keep), away, version(away)))
	wantStatus(a.t, rec, http.StatusOK)
}

// Issue 14: "parties, communications, tasks, documents, consents, bases,
// requests and access-log entries follow to the survivor in every read
// model … the survivor's access package includes both histories". Åsa
// Berg married and was registered again as Åsa Lindqvist; the firm merges
// the two. Everything filed under Berg is then found under Lindqvist, and
// a conflict check on Lindqvist finds Berg's matter.
func TestMergeCarriesEverythingToTheSurvivor(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	keep := a.createPerson("Åsa", "Lindqvist")
	away := a.createPerson("Åsa", "Berg")
	spouse := a.createPerson("Erik", "Berg")
	employer := a.createOrganisation("Bergs Bygg AB")
	a.link(away, "/relationships", fmt.Sprintf(`{"other_id":%q,"kind":"spouse"}`, spouse), http.StatusCreated)
	a.link(away, "/affiliations", fmt.Sprintf(`{"organisation_id":%q,"role":"VD"}`, employer), http.StatusCreated)
	a.giveConsent(away, "marketing")
	old := a.openMatter("Bergs arvskifte", a.me.ID, away, nil, nil, nil)
	a.clearAndOpen(old.ID, "clear", "")
	rec := a.call(http.MethodPost, "/api/v1/communications", fmt.Sprintf(
		`{"matter_id":%q,"contact_ids":[%q],"kind":"note","occurred_at":"2026-03-02T09:00:00Z","subject_line":"Samtal med Åsa Berg"}`, old.ID, away))
	wantStatus(t, rec, http.StatusCreated)
	entry := decode[struct{ ID string }](t, rec).ID
	rec = a.call(http.MethodPost, "/api/v1/tasks", fmt.Sprintf(`{"title":"Ring Åsa om bouppteckningen","assignee":{"staff":%q},"due":%q,"contact_id":%q}`,
		a.me.ID, date(3), away))
	wantStatus(t, rec, http.StatusCreated)
	task := decode[struct{ ID string }](t, rec).ID
	d := a.requestsOfficer()
	request := d.registerRequest(away, "access", date(0), "BankID")

	a.merge(keep, away)

	parties := decode[struct{ Items []casework.PartyJSON }](t, a.call(http.MethodGet, "/api/v1/matters/"+old.ID+"/parties", "")).Items
	if len(parties) != 1 || parties[0].ContactID != keep {
		t.Errorf("the old matter's parties after the merge: %+v, want the kept contact", parties)
	}
	// A new matter for the kept contact: the check finds the matter the
	// merged one was the client in, under the kept contact.
	other := a.createPerson("Motpart", "Motpartsson")
	namesake := a.createPerson("Åsa", "Berg")
	fresh := a.openMatter("Lindqvists bodelning", a.me.ID, other, []string{"counterparty:" + keep, "witness:" + namesake}, nil, nil)
	m := a.getMatter(fresh.ID)
	rec = a.call(http.MethodPost, "/api/v1/matters/"+fresh.ID+"/conflict-checks", "", "If-Match", web.VersionETag(m.Version))
	wantStatus(t, rec, http.StatusOK)
	check := decode[casework.ConflictJSON](t, rec)
	found, byOldName := false, false
	for _, p := range check.Parties {
		for _, h := range p.Hits {
			found = found || p.ContactID == keep && h.MatterID == old.ID && h.ContactID == keep && h.Role == "client"
			// The merged contact's name is the kept one's former name.
			byOldName = byOldName || p.ContactID == namesake && h.MatterID == old.ID && h.ContactID == keep
		}
	}
	if !found || !byOldName {
		t.Errorf("the check does not find the merged one's matter as the kept one's (%v), or by the old name (%v): %+v", found, byOldName, check.Parties)
	}

	privacy := a.privacyOfContact(keep)
	if len(privacy.Consents) != 1 || privacy.Consents[0].Where != "Webbformulär på byrans.se" {
		t.Errorf("the kept contact's register lacks the merged one's consent: %+v", privacy.Consents)
	}
	log := a.call(http.MethodGet, "/api/v1/communications?contact_id="+keep, "")
	wantStatus(t, log, http.StatusOK)
	wantContains(t, log.Body.String(), entry)
	tasks := a.call(http.MethodGet, "/api/v1/tasks", "")
	wantStatus(t, tasks, http.StatusOK)
	wantContains(t, tasks.Body.String(), fmt.Sprintf(`"id":%q`, task), fmt.Sprintf(`"contact_id":%q`, keep))
	wantNone(t, "the task list", tasks.Body.String(), away)

	kept := decode[contactpages.ContactJSON](t, a.call(http.MethodGet, "/api/v1/contacts/"+keep, ""))
	if !slices.ContainsFunc(kept.Relationships, func(r contactpages.RelationshipJSON) bool { return r.OtherID == spouse }) ||
		!slices.ContainsFunc(kept.Affiliations, func(r contactpages.AffiliationJSON) bool { return r.OrganisationID == employer }) {
		t.Errorf("the kept contact's links: %+v %+v", kept.Relationships, kept.Affiliations)
	}
	theSpouse := decode[contactpages.ContactJSON](t, a.call(http.MethodGet, "/api/v1/contacts/"+spouse, ""))
	if len(theSpouse.Relationships) != 1 || theSpouse.Relationships[0].OtherID != keep {
		t.Errorf("the spouse's relations name %+v, want the kept contact", theSpouse.Relationships)
	}

	// The access package of the kept contact holds the merged one's
	// record, matter, entry, task, consent, request and the reads of it.
	reads := func(subject string) []accesslog.Entry {
		entries, err := web.AccessLogStore(a.pool, a.keys).Search(t.Context(), accesslog.Filter{Subject: subject, Limit: 1000})
		must(t, err)
		return entries
	}
	readsOfKeep, readsOfAway := reads(keep), reads(away)
	pkg := d.call(http.MethodGet, "/api/v1/subjects/"+keep+"/export", "")
	wantStatus(t, pkg, http.StatusOK)
	var got subjectexport.Package
	must(t, json.Unmarshal(pkg.Body.Bytes(), &got))
	if len(got.Merged) != 1 || got.Merged[0].ID != away || got.Merged[0].FamilyName != "Berg" {
		t.Errorf("merged records in the package: %+v", got.Merged)
	}
	if !slices.ContainsFunc(got.Matters, func(m subjectexport.Matter) bool { return m.MatterID == old.ID }) ||
		!slices.ContainsFunc(got.Communications, func(c subjectexport.Communication) bool { return c.ID == entry }) ||
		!slices.ContainsFunc(got.Tasks, func(x subjectexport.Task) bool { return x.ID == task }) ||
		len(got.Register.Consents) != 1 || got.Register.Consents[0].Where != "Webbformulär på byrans.se" ||
		!slices.ContainsFunc(got.Register.Requests, func(r subjectexport.Request) bool { return r.ID == request }) {
		t.Errorf("the package lacks what was the merged contact's: %s", pkg.Body)
	}
	if len(got.Accesses) < len(readsOfKeep)+len(readsOfAway) || len(readsOfAway) == 0 {
		t.Errorf("the package has %d reads; of the kept contact %d, of the merged one %d", len(got.Accesses), len(readsOfKeep), len(readsOfAway))
	}
	asked := d.registerRequest(keep, "access", date(0), "BankID")
	page := d.get("/gdpr/requests/" + asked + "/package?format=html")
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page.Body.String(), "Uppgifter som registrerats två gånger", "Åsa Berg", "Bergs arvskifte")
}

// Issue 14: "erasing the survivor destroys both subjects' keys".
func TestErasingTheSurvivorErasesTheMerged(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	keep := a.createPerson("Ebba", "Glömsk")
	away := a.createPerson("Ebba", "Minnesdotter")
	a.giveConsent(away, "marketing")
	a.merge(keep, away)
	d := a.requestsOfficer()
	id := d.registerRequest(keep, "erasure", date(0), "BankID")
	rec := d.confirmed("/gdpr/requests/"+id+"/erasure", url.Values{})
	wantStatus(t, rec, http.StatusSeeOther)
	if location(rec) != "/gdpr/erasures/"+id {
		t.Fatalf("approve and erase went to %q", location(rec))
	}
	for _, subject := range []string{keep, away} {
		gone, err := a.keyring().IsShredded(t.Context(), subject)
		must(t, err)
		if !gone {
			t.Errorf("the key of %s is still there", subject)
		}
	}
	a.caughtUp(t)
	for _, path := range []string{"/contacts", "/contacts/" + keep, "/gdpr"} {
		wantNone(t, path, d.get(path).Body.String(), "Glömsk", "Minnesdotter")
	}
	st, err := gdprmodel.SubjectState(t.Context(), a.pool, away)
	must(t, err)
	if !st.Erased || len(st.Consents) != 1 || st.Consents[0].Scope != "" {
		t.Errorf("the merged contact's register after the erasure: %+v", st)
	}
}

// The merge page refuses what it cannot do and writes nothing: a form
// shown before the contact changed (the page again, with a reload), a
// contact behind the reader's wall (the unknown contact's 404), the
// contact itself.
func TestMergePageRefusals(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	keep := a.createPerson("Åsa", "Lindqvist")
	away := a.createPerson("Åsa", "Lindkvist")
	page := a.get("/contacts/" + keep + "/merge?with=" + away)
	wantStatus(t, page, http.StatusOK)
	body := page.Body.String()
	wantContains(t, body, "Åsa Lindqvist", "Åsa Lindkvist", `name="keep"`)
	form := url.Values{"with": {away}, "keep": {"a"}, "pick_name": {"a"}, "pick_number": {"a"}, "pick_emails": {"both"},
		"pick_phones": {"both"}, "pick_addresses": {"both"},
		"version_a": {hidden(t, body, "version_a")}, "version_b": {hidden(t, body, "version_b")}}
	// Someone edits the kept contact meanwhile.
	cur := a.call(http.MethodGet, "/api/v1/contacts/"+keep, "")
	wantStatus(t, a.call(http.MethodPatch, "/api/v1/contacts/"+keep, `{"details":{"given_name":"Åsa","family_name":"Lindqvist","phones":[{"number":"070-1234567"}]}}`,
		"If-Match", cur.Header().Get("ETag")), http.StatusOK)
	before := a.events()
	rec := a.confirmed("/contacts/"+keep+"/merge", form)
	a.refusedUnwritten(t, rec, http.StatusConflict, before)
	wantContains(t, rec.Body.String(), "error-summary", "Åsa Lindkvist")

	wantStatus(t, a.get("/contacts/"+keep+"/merge?with="+keep), http.StatusUnprocessableEntity)
	u := a.member(access.RoleLawyer)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	erect(t, admin, url.Values{"contact_id": {away}, "users": {u.ID}, "reason": {"jäv"}})
	walled := a.as(a.signIn(u.ID))
	unknown := walled.get("/contacts/" + keep + "/merge?with=" + newID())
	behind := walled.get("/contacts/" + keep + "/merge?with=" + away)
	if behind.Code != http.StatusNotFound || unknown.Code != http.StatusNotFound {
		t.Errorf("a walled contact to merge with: %d, an unknown one: %d", behind.Code, unknown.Code)
	}
	if rec := walled.post("/contacts/"+keep+"/merge", form); rec.Code != http.StatusNotFound {
		t.Errorf("asking to merge a walled contact: %d, want the unknown contact's 404", rec.Code)
	}
}
