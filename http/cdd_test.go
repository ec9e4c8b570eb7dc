package http_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	casework "github.com/klient-crm/klient/http/casework"
	cddpages "github.com/klient-crm/klient/http/cdd"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/cdd/cddtest"
)

// postXML sends body as a sanctions list file.
func (a *app) postXML(path string, body []byte) *httptest.ResponseRecorder {
	a.t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/xml")
	return a.send(req)
}

// cddPut sends one part of matter id's record at version and returns the
// record.
func (a *app) cddCall(method, path string, version uint64, body string) cddpages.RecordJSON {
	a.t.Helper()
	rec := a.call(method, path, body, "If-Match", web.VersionETag(version))
	wantStatus(a.t, rec, http.StatusOK)
	return decode[cddpages.RecordJSON](a.t, rec)
}

// Issue 17 through the API, as the harness's firm works (due diligence
// required for affärsjuridik): an intake whose conflict check is clear does
// not open without an approved record; the lawyer fills the record in,
// screens it against the EU list the AML officer imported, reviews the
// hit, escalates; the officer reads the escalated record and approves it;
// the matter opens. Bad input is refused with nothing written; a wall
// hides a record from the officer exactly as an unknown matter.
func TestDueDiligenceFromIntakeThroughScreeningToOpening(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	officer := a.member(access.RoleAMLOfficer)
	aml := a.as(a.signIn(officer.ID))

	rec := aml.call(http.MethodPut, "/api/v1/due-diligence/assessment", `{"normal_from":3,"high_from":7,
		"summary":"Byråns allmänna riskbedömning.","factors":[{"code":"company-formation","category":"service","label":"Bolagsbildning","weight":3},
		{"code":"remote","category":"channel","label":"Aldrig träffad","weight":1}]}`)
	wantStatus(t, rec, http.StatusOK)
	if got := decode[cddpages.AssessmentJSON](t, aml.call(http.MethodGet, "/api/v1/due-diligence/assessment", "")); got.Version != 1 || len(got.Factors) != 2 {
		t.Fatalf("the assessment reads back as %+v", got)
	}
	wantStatus(t, a.call(http.MethodGet, "/api/v1/due-diligence/assessment", ""), http.StatusForbidden)

	client := a.createPerson("Åsa", "Öberg")
	m := a.takeIn("Bildande av Öberg Holding AB", "affärsjuridik", a.me.ID, client)
	rec = a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/conflict-checks", "", "If-Match", web.VersionETag(m.Version))
	wantStatus(t, rec, http.StatusOK)
	check := decode[casework.ConflictJSON](t, rec)
	rec = a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/conflict-checks/decision", fmt.Sprintf(`{"fingerprint":%q,"decision":"clear"}`, check.Fingerprint),
		"If-Match", web.VersionETag(check.Version))
	wantStatus(t, rec, http.StatusCreated)
	m = decode[casework.MatterJSON](t, rec)
	activate := func() *httptest.ResponseRecorder {
		return a.call(http.MethodPost, "/api/v1/matters/"+m.ID+"/activate", "", "If-Match", web.VersionETag(m.Version))
	}
	if p := wantProblem(t, activate(), http.StatusConflict); p.Code != "matter.cdd.required" {
		t.Fatalf("opening without a record: %+v", p)
	}

	path := "/api/v1/matters/" + m.ID + "/due-diligence"
	rec = a.call(http.MethodPost, path, `{}`)
	wantStatus(t, rec, http.StatusCreated)
	r := decode[cddpages.RecordJSON](t, rec)
	if r.ClientID != client || r.Organisation || len(r.Missing) != 4 {
		t.Fatalf("the new record: %+v", r)
	}
	before := a.events()
	for _, bad := range []string{`{"risk":{"factors":["company-formation"],"risk":"low","reasons":"Låg."}}`, // below the score
		`{"identity":{"method":"id_document"}}`,                    // what was seen is missing
		`{"pep":{"answer":"no"},"identity":{"method":"bankid"}}`} { // two parts at once
		p := wantProblem(t, a.call(http.MethodPut, path, bad, "If-Match", web.VersionETag(r.Version)), http.StatusUnprocessableEntity)
		if p.Title == "" || len(p.Errors) == 0 || strings.Contains(p.Errors[0].Message, "cdd.") {
			t.Errorf("%s refused without a message a person reads: %+v", bad, p)
		}
	}
	if n := a.events() - before; n != 0 {
		t.Errorf("refused parts wrote %d events", n)
	}
	r = a.cddCall(http.MethodPut, path, r.Version, `{"risk":{"factors":["company-formation"],"risk":"normal","reasons":"Bildande av holdingbolag åt känd klient."}}`)
	r = a.cddCall(http.MethodPut, path, r.Version, `{"identity":{"method":"bankid"}}`)
	r = a.cddCall(http.MethodPut, path, r.Version, `{"pep":{"answer":"no"}}`)

	for _, bad := range [][]byte{[]byte("Namn;Född\nIvan;1965\n"), []byte(`<export generationDate="2026-12-01"></export>`)} {
		before := a.events()
		p := wantProblem(t, aml.postXML("/api/v1/due-diligence/lists", bad), http.StatusUnprocessableEntity)
		if n := a.events() - before; n != 0 || len(p.Errors) != 1 || p.Errors[0].Code != "cdd.list.format" && p.Errors[0].Code != "cdd.list.empty" {
			t.Errorf("a bad list: %+v, %d events written", p, n)
		}
	}
	var lists int
	must(t, a.pool.QueryRow(t.Context(), `SELECT count(*) FROM cdd_sanctions_lists`).Scan(&lists))
	if lists != 0 {
		t.Errorf("refused files left %d lists", lists)
	}
	file := cddtest.List(time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC), "184950", 40,
		cddtest.Entry{ID: "88001", Person: true, Names: []string{"OBERG Asa"}, BirthDate: "1950-02-02"})
	rec = aml.postXML("/api/v1/due-diligence/lists", file)
	wantStatus(t, rec, http.StatusCreated)
	list := decode[cddpages.ListJSON](t, rec)
	if list.Entries != 40 || list.Version != "184950" {
		t.Fatalf("imported %+v", list)
	}

	r = a.cddCall(http.MethodPost, path+"/screening", r.Version, `{}`)
	if r.Screening == nil || r.Screening.ListVersion != "184950" || !strings.HasPrefix(r.Screening.ListDate, "2026-12-01") ||
		len(r.Screening.Hits) != 1 || r.Screening.Hits[0].EntryID != "88001" {
		t.Fatalf("the screening: %+v", r.Screening)
	}
	p := wantProblem(t, a.call(http.MethodPost, path+"/decision", `{"decision":"approved","reason":"Klart."}`, "If-Match", web.VersionETag(r.Version)), http.StatusConflict)
	if p.Code != "cdd.decision.incomplete" {
		t.Errorf("approval with a hit unreviewed: %+v", p)
	}
	r = a.cddCall(http.MethodPost, path+"/hits/88001", r.Version, `{"match":false,"reason":"Den listade är född 1950; klienten 1981 enligt BankID."}`)
	before = a.events()
	wantProblem(t, a.call(http.MethodPost, path+"/decision", `{"decision":"escalated","reason":""}`, "If-Match", web.VersionETag(r.Version)), http.StatusUnprocessableEntity)
	if n := a.events() - before; n != 0 {
		t.Errorf("a decision without a reason wrote %d events", n)
	}
	r = a.cddCall(http.MethodPost, path+"/decision", r.Version, `{"decision":"escalated","reason":"Första uppdraget åt klienten: till den penningtvättsansvariga."}`)
	if p := wantProblem(t, activate(), http.StatusConflict); p.Code != "matter.cdd.not_approved" {
		t.Fatalf("opening with an escalated record: %+v", p)
	}

	queue := decode[struct{ Items []cddpages.QueueItemJSON }](t, aml.call(http.MethodGet, "/api/v1/due-diligence/escalated", ""))
	if len(queue.Items) != 1 || queue.Items[0].MatterID != m.ID || queue.Items[0].Hits != 1 {
		t.Fatalf("the officer's queue: %+v", queue)
	}
	wantStatus(t, a.call(http.MethodGet, "/api/v1/matters/"+m.ID+"/due-diligence", ""), http.StatusOK)
	wantStatus(t, aml.call(http.MethodGet, path, ""), http.StatusForbidden) // the matter's own routes are not the officer's
	officerPath := "/api/v1/due-diligence/records/" + m.ID
	rec = aml.call(http.MethodGet, officerPath, "")
	wantStatus(t, rec, http.StatusOK)
	r = decode[cddpages.RecordJSON](t, rec)
	r = aml.cddCall(http.MethodPost, officerPath+"/decision", r.Version, `{"decision":"approved","reason":"Bolagets ägarstruktur och medlens ursprung är klarlagda."}`)
	if r.Decision == nil || !r.Decision.ByOfficer || r.Decision.Decision != "approved" {
		t.Fatalf("the officer's decision: %+v", r.Decision)
	}
	wantStatus(t, activate(), http.StatusOK)

	a.wallMatter(m.ID, officer.ID)
	walled := wantProblem(t, aml.call(http.MethodGet, officerPath, ""), http.StatusNotFound)
	unknown := wantProblem(t, aml.call(http.MethodGet, "/api/v1/due-diligence/records/"+newID(), ""), http.StatusNotFound)
	if walled.Code != unknown.Code || walled.Title != unknown.Title || walled.Detail != unknown.Detail {
		t.Errorf("a walled record answers %+v, an unknown one %+v", walled, unknown)
	}
}

// The AML officer's queue leaves a record behind a wall out of the page
// it reads, not out of the page afterwards: two records escalated, the
// older one's matter walled from the officer, a page of one is the other
// record and says that nothing follows — a walled record neither shows
// nor leaves an empty page with a next cursor where it stood.
func TestOfficersQueueCutsWalledRecordsInTheQuery(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	officer := a.member(access.RoleAMLOfficer)
	aml := a.as(a.signIn(officer.ID))
	var ids []string
	for _, name := range []string{"Berg", "Dahl"} {
		m := a.takeIn("Bodelning "+name, "familjerätt", a.me.ID, a.createPerson("Eva", name))
		path := "/api/v1/matters/" + m.ID + "/due-diligence"
		rec := a.call(http.MethodPost, path, `{}`)
		wantStatus(t, rec, http.StatusCreated)
		r := decode[cddpages.RecordJSON](t, rec)
		a.cddCall(http.MethodPost, path+"/decision", r.Version, `{"decision":"escalated","reason":"Till den penningtvättsansvariga."}`)
		ids = append(ids, m.ID)
	}
	a.wallMatter(ids[0], officer.ID)

	rec := aml.call(http.MethodGet, "/api/v1/due-diligence/escalated?limit=1", "")
	wantStatus(t, rec, http.StatusOK)
	page := decode[struct {
		Items []cddpages.QueueItemJSON
		Next  string
	}](t, rec)
	if len(page.Items) != 1 || page.Items[0].MatterID != ids[1] || page.Next != "" {
		t.Errorf("a page of one of the officer's queue with the older record walled: %+v, want the other record alone", page)
	}
	body := aml.get("/due-diligence").Body.String()
	wantContains(t, body, "/due-diligence/records/"+ids[1])
	if strings.Contains(body, ids[0]) {
		t.Error("the officer's page lists a walled record")
	}
}

// A record is of one client, who may be the matter's co-client — whom the
// matter's gate does not weigh (a matter's clients are its client parties).
// A wall before the record's client makes the record answer exactly as an
// unknown matter, to the people on the matter (read and write) and to the
// AML officer, and nothing is written.
func TestARecordOfAWalledClientAnswersAsAnUnknownMatter(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	officer := a.member(access.RoleAMLOfficer)
	aml := a.as(a.signIn(officer.ID))
	colleague := a.member(access.RoleLawyer)
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	client, coClient := a.createPerson("Eva", "Berg"), a.createPerson("Olle", "Berg")
	rec := a.call(http.MethodPost, "/api/v1/matters", fmt.Sprintf(`{"title":"Bodelning Berg","practice_area":"familjerätt","responsible_lawyer":%q,
		"parties":[{"contact_id":%q,"role":"client"},{"contact_id":%q,"role":"co_client"}],"members":[%q],"teams":[]}`, a.me.ID, client, coClient, colleague.ID))
	wantStatus(t, rec, http.StatusCreated)
	m := decode[casework.MatterJSON](t, rec)
	path := "/api/v1/matters/" + m.ID + "/due-diligence"
	rec = a.call(http.MethodPost, path, fmt.Sprintf(`{"client_id":%q}`, coClient))
	wantStatus(t, rec, http.StatusCreated)
	r := decode[cddpages.RecordJSON](t, rec)
	if r.ClientID != coClient {
		t.Fatalf("the record is of %s, want the co-client %s", r.ClientID, coClient)
	}
	r = a.cddCall(http.MethodPost, path+"/decision", r.Version, `{"decision":"escalated","reason":"Till den penningtvättsansvariga."}`)
	erect(t, admin, url.Values{"contact_id": {coClient}, "users": {colleague.ID, officer.ID}, "reason": {"jäv"}})

	same := func(who string, got, want *httptest.ResponseRecorder) {
		t.Helper()
		g, w := wantProblem(t, got, http.StatusNotFound), wantProblem(t, want, http.StatusNotFound)
		if g.Code != w.Code || g.Title != w.Title || g.Detail != w.Detail {
			t.Errorf("%s: the walled client's record answers %+v, an unknown matter %+v", who, g, w)
		}
	}
	walled := a.as(a.signIn(colleague.ID))
	unknown := "/api/v1/matters/" + newID() + "/due-diligence"
	before := a.events()
	same("the colleague reads", walled.call(http.MethodGet, path, ""), walled.call(http.MethodGet, unknown, ""))
	same("the colleague writes", walled.call(http.MethodPut, path, `{"pep":{"answer":"no"}}`, "If-Match", web.VersionETag(r.Version)),
		walled.call(http.MethodPut, unknown, `{"pep":{"answer":"no"}}`, "If-Match", web.VersionETag(r.Version)))
	same("the colleague decides", walled.call(http.MethodPost, path+"/decision", `{"decision":"declined","reason":"Nej."}`, "If-Match", web.VersionETag(r.Version)),
		walled.call(http.MethodPost, unknown+"/decision", `{"decision":"declined","reason":"Nej."}`, "If-Match", web.VersionETag(r.Version)))
	same("the colleague starts", walled.call(http.MethodPost, path, `{}`), walled.call(http.MethodPost, unknown, `{}`))
	officerPath, officerUnknown := "/api/v1/due-diligence/records/"+m.ID, "/api/v1/due-diligence/records/"+newID()
	same("the officer reads", aml.call(http.MethodGet, officerPath, ""), aml.call(http.MethodGet, officerUnknown, ""))
	same("the officer decides", aml.call(http.MethodPost, officerPath+"/decision", `{"decision":"approved","reason":"Ja."}`, "If-Match", web.VersionETag(r.Version)),
		aml.call(http.MethodPost, officerUnknown+"/decision", `{"decision":"approved","reason":"Ja."}`, "If-Match", web.VersionETag(r.Version)))
	wantStatus(t, aml.get("/due-diligence/records/"+m.ID), http.StatusNotFound)
	wantStatus(t, walled.get("/matters/"+m.ID+"/due-diligence"), http.StatusNotFound)
	if n := a.events() - before; n != 0 {
		t.Errorf("refused changes to a walled client's record wrote %d events", n)
	}
	wantStatus(t, a.call(http.MethodGet, path, ""), http.StatusOK) // the responsible lawyer, not walled, still reads it
}
