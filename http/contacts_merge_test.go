package http_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
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
	wantAbsent(t, tasks.Body.String(), away)

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
	a.caughtUp(t)
	// What the read models hold of each, as each one's own erasure would
	// count it: the survivor's certificate counts both.
	want := map[string]int64{}
	for _, subject := range []string{keep, away} {
		rows, err := a.rt.Residue(t.Context(), subject)
		must(t, err)
		if subject == away && rows["contacts"] == 0 {
			t.Fatalf("the contacts read model holds nothing of the merged contact: %v", rows)
		}
		for model, n := range rows {
			want[model] += n
		}
	}
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
		wantAbsent(t, d.get(path).Body.String(), "Glömsk", "Minnesdotter")
	}
	st, err := gdprmodel.SubjectState(t.Context(), a.pool, away)
	must(t, err)
	if !st.Erased || len(st.Consents) != 1 || st.Consents[0].Scope != "" {
		t.Errorf("the merged contact's register after the erasure: %+v", st)
	}
	cert, err := gdprmodel.Certificate(t.Context(), a.pool, id)
	must(t, err)
	for model, n := range want {
		if cert.RowsErased[model] != n {
			t.Errorf("the certificate counts %d rows of %s, want %d: the survivor's and the merged contact's (%v)",
				cert.RowsErased[model], model, n, cert.RowsErased)
		}
	}
	// The merged contact's registration and its consent became unreadable,
	// named without its ID.
	if cert.EventsUnreadable["contact-{merged 1}"] == 0 || cert.EventsUnreadable["subject-{merged 1}"] != 1 {
		t.Errorf("the certificate's unreadable events leave out the merged contact's: %v", cert.EventsUnreadable)
	}
	for stream := range cert.EventsUnreadable {
		if strings.Contains(stream, away) || strings.Contains(stream, keep) {
			t.Errorf("the certificate names a contact's ID: %q", stream)
		}
	}
}

// Issue 14: what was the merged contact's is the survivor's, so from the
// survivor's page the user ends a relation the merged contact recorded and
// withdraws a consent it was given, and ends a relation another contact
// recorded to the merged one — the merged contact's own stream
// refuses changes, and its page redirects to the survivor's. The relation
// leaves both contacts' pages (and the API), and ending it again is
// refused as an unknown relation; the consent reads withdrawn on the
// survivor and in the merged contact's own register.
func TestTheSurvivorEndsWhatTheMergedContactRecorded(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	keep := a.createPerson("Åsa", "Lindqvist")
	away := a.createPerson("Åsa", "Berg")
	spouse := a.createPerson("Erik", "Berg")
	ward := a.createPerson("Olle", "Berg")
	a.link(away, "/relationships", fmt.Sprintf(`{"other_id":%q,"kind":"spouse"}`, spouse), http.StatusCreated)
	a.link(away, "/relationships", fmt.Sprintf(`{"other_id":%q,"kind":"guardian"}`, ward), http.StatusCreated)
	deputy := a.createPerson("Gun", "Godman")
	a.link(deputy, "/relationships", fmt.Sprintf(`{"other_id":%q,"kind":"deputy"}`, away), http.StatusCreated)
	consent := a.giveConsent(away, "marketing")
	a.merge(keep, away)

	// The page: the relation's own button, and the consent's.
	page := a.get("/contacts/" + keep)
	wantStatus(t, page, http.StatusOK)
	body := page.Body.String()
	wantContains(t, body, `action="/contacts/`+keep+`/relationships/end"`, `value="`+spouse+`"`,
		`action="/contacts/`+keep+`/consents/`+consent+`/withdraw"`)
	rec := a.post("/contacts/"+keep+"/relationships/end", url.Values{"other_id": {spouse}, "kind": {"spouse"},
		"return": {"/contacts/" + keep}})
	wantStatus(t, rec, http.StatusSeeOther)
	for _, id := range []string{keep, spouse} {
		c := decode[contactpages.ContactJSON](t, a.call(http.MethodGet, "/api/v1/contacts/"+id, ""))
		if slices.ContainsFunc(c.Relationships, func(r contactpages.RelationshipJSON) bool { return r.Kind == "spouse" }) {
			t.Errorf("the ended relation is still on %s: %+v", id, c.Relationships)
		}
	}
	wantAbsent(t, a.get("/contacts/"+keep).Body.String(), "Erik Berg")
	before := a.events()
	rec = a.post("/contacts/"+keep+"/relationships/end", url.Values{"other_id": {spouse}, "kind": {"spouse"}})
	a.refusedUnwritten(t, rec, http.StatusNotFound, before)

	// A relation another contact recorded to the merged one shows on the
	// survivor's page as the other's, and is ended there.
	wantContains(t, body, `action="/contacts/`+deputy+`/relationships/end"`)
	rec = a.post("/contacts/"+deputy+"/relationships/end", url.Values{"other_id": {keep}, "kind": {"deputy"},
		"return": {"/contacts/" + keep}})
	wantStatus(t, rec, http.StatusSeeOther)
	if c := decode[contactpages.ContactJSON](t, a.call(http.MethodGet, "/api/v1/contacts/"+deputy, "")); len(c.Relationships) != 0 {
		t.Errorf("the deputy's relations after ending it from the survivor's page: %+v", c.Relationships)
	}

	// The API ends the other one the same way.
	if c := a.link(keep, "/relationships/end", fmt.Sprintf(`{"other_id":%q,"kind":"guardian"}`, ward), http.StatusOK); len(c.Relationships) != 0 {
		t.Errorf("the survivor's relations after ending both: %+v", c.Relationships)
	}

	rec = a.confirmed("/contacts/"+keep+"/consents/"+consent+"/withdraw", url.Values{})
	wantStatus(t, rec, http.StatusSeeOther)
	privacy := a.privacyOfContact(keep)
	if len(privacy.Consents) != 1 || privacy.Consents[0].ConsentID != consent || privacy.Consents[0].Active {
		t.Errorf("the survivor's consents after the withdrawal: %+v", privacy.Consents)
	}
	st, err := gdprmodel.SubjectState(t.Context(), a.pool, away)
	must(t, err)
	if len(st.Consents) != 1 || !st.Consents[0].Withdrawn {
		t.Errorf("the merged contact's own register: %+v", st.Consents)
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
	stranger := newID()
	unknown := walled.get("/contacts/" + keep + "/merge?with=" + stranger)
	behind := walled.get("/contacts/" + keep + "/merge?with=" + away)
	if unknown.Code != http.StatusNotFound {
		t.Errorf("an unknown contact to merge with: %d, want 404", unknown.Code)
	}
	sameAnswer(t, "the merge page of a walled contact", behind, unknown)
	asked := url.Values{}
	for k, v := range form {
		asked[k] = v
	}
	asked.Set("with", stranger)
	unknown = walled.post("/contacts/"+keep+"/merge", asked)
	if unknown.Code != http.StatusNotFound {
		t.Errorf("asking to merge an unknown contact: %d, want 404", unknown.Code)
	}
	sameAnswer(t, "asking to merge a walled contact", walled.post("/contacts/"+keep+"/merge", form), unknown)
}

// sameAnswer fails unless got answers exactly as want does — status,
// content type and the whole body — so that nothing, not even whether
// a record exists, tells the two apart. Each answer's own correlation ID
// (the support reference, X-Correlation-ID) is the one thing that may
// differ, and is read from its header.
func sameAnswer(t *testing.T, what string, got, want *httptest.ResponseRecorder) {
	t.Helper()
	body := func(rec *httptest.ResponseRecorder) string {
		id := rec.Header().Get(web.CorrelationHeader)
		if id == "" {
			t.Fatalf("%s: an answer without its %s", what, web.CorrelationHeader)
		}
		return strings.ReplaceAll(rec.Body.String(), id, "<correlation>")
	}
	if g, w := body(got), body(want); got.Code != want.Code ||
		got.Header().Get("Content-Type") != want.Header().Get("Content-Type") || g != w {
		t.Errorf("%s: %d %s\n%s\nwant the unknown record's %d %s\n%s", what, got.Code, got.Header().Get("Content-Type"),
			g, want.Code, want.Header().Get("Content-Type"), w)
	}
}
