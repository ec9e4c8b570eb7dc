package http_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/http/web"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// An erasure with no statutory hold is carried out at once: the DPO lands
// on the certificate with its counts and key evidence, the person's name
// is gone from the contact pages, and the deletion log names them by
// pseudonym only.
func TestApprovedErasureShowsItsCertificate(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	person := a.createPerson("Ebba", "Glömsk")
	d := a.requestsOfficer()
	id := d.registerRequest(person, "erasure", date(0), "BankID")
	rec := d.confirmed("/gdpr/requests/"+id+"/erasure", url.Values{})
	wantStatus(t, rec, http.StatusSeeOther)
	if location(rec) != "/gdpr/erasures/"+id {
		t.Fatalf("approve and erase went to %q", location(rec))
	}
	cert := d.get(location(rec))
	wantStatus(t, cert, http.StatusOK)
	page := cert.Body.String()
	wantContains(t, page, gdprmodel.SubjectHash(person), `id="certificate-verified"`, `id="events-unreadable"`,
		"{subject}", `id="rows-erased"`, ">contacts<", `id="key-destruction"`)
	wantNone(t, "the certificate", page, "Ebba", "Glömsk", `id="certificate-unverified"`)

	var filed struct {
		Subject  string           `json:"subject"`
		Rows     map[string]int64 `json:"rows_erased"`
		Verified bool             `json:"verified"`
	}
	must(t, json.Unmarshal(d.get("/gdpr/erasures/"+id+".json").Body.Bytes(), &filed))
	if filed.Subject != gdprmodel.SubjectHash(person) || filed.Rows["contacts"] == 0 || !filed.Verified {
		t.Errorf("certificate JSON: %+v", filed)
	}
	for _, path := range []string{"/contacts", "/contacts/" + person, "/gdpr", "/gdpr/requests/" + id} {
		wantNone(t, path, a.get(path).Body.String(), "Ebba", "Glömsk")
	}
	wantNone(t, "the request page", d.get("/gdpr/requests/"+id).Body.String(), "Ebba", "Glömsk")
	logPage := d.get("/gdpr/deletion-log?category=erasure&month=" + date(0)[:7]).Body.String()
	wantContains(t, logPage, gdprmodel.SubjectHash(person), "/gdpr/erasures/"+id)
	wantContains(t, d.get("/gdpr/deletion-log?subject="+person).Body.String(), "/gdpr/erasures/"+id)
	wantNone(t, "another person's lookup", d.get("/gdpr/deletion-log?subject="+newID()).Body.String(), "/gdpr/erasures/"+id)
	csv := d.get("/gdpr/deletion-log.csv?category=erasure")
	wantStatus(t, csv, http.StatusOK)
	wantContains(t, csv.Body.String(), "Pseudonym", gdprmodel.SubjectHash(person))
	wantStatus(t, d.get("/gdpr/deletion-log?month=2026-13"), http.StatusBadRequest)
}

// A client of a recently closed matter may not be erased yet: the DPO is
// told the legal ground and the day the hold ends, the person is
// restricted and the erasure scheduled; the start page lists it.
func TestHeldErasureRestrictsThePerson(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	client := a.createPerson("Kvar", "Klientsson")
	m := a.openMatter("Arvstvist", a.me.ID, client, nil, nil, nil)
	a.clearAndOpen(m.ID, "clear", "")
	rec := a.confirmed("/matters/"+m.ID+"/close", url.Values{"version": {web.Uitoa(a.getMatter(m.ID).Version)}})
	wantStatus(t, rec, http.StatusSeeOther)

	d := a.requestsOfficer()
	id := d.registerRequest(client, "erasure", date(0), "Legitimation vid besök")
	rec = d.confirmed("/gdpr/requests/"+id+"/erasure", url.Values{})
	wantStatus(t, rec, http.StatusSeeOther)
	if location(rec) != "/gdpr/requests/"+id+"?done=held" {
		t.Fatalf("a held erasure went to %q", location(rec))
	}
	page := d.get(location(rec)).Body.String()
	holdEnds := date(0)[:4]
	wantContains(t, page, `id="erasure-held"`, "god advokatsed", "Kvar Klientsson")
	if !strings.Contains(page, "till och med ") {
		t.Errorf("the request page does not say until when the data is kept (%s…)", holdEnds)
	}
	restricted, err := gdprmodel.RestrictedSubjects(t.Context(), a.pool)
	must(t, err)
	if len(restricted) != 1 || restricted[0].SubjectID != client {
		t.Errorf("restricted subjects: %+v, want the client", restricted)
	}
	home := d.get("/gdpr").Body.String()
	wantContains(t, home, `id="held-erasures"`, "god advokatsed", "/gdpr/requests/"+id)
	if status := a.get("/contacts/" + client).Code; status == http.StatusOK {
		t.Errorf("a lawyer still reads the restricted client's page: %d", status)
	}
	answered := d.confirmed("/gdpr/requests/"+id+"/complete", url.Values{"version": {hidden(t, page, "version")},
		"outcome": {"Begränsad; raderas när spärren upphör"}})
	wantStatus(t, answered, http.StatusSeeOther)
	wantContains(t, d.get("/gdpr").Body.String(), `id="held-erasures"`, "/gdpr/requests/"+id) // still scheduled
	found := d.post("/gdpr/requests/new", url.Values{"request_id": {newID()}, "subject_q": {"Klientsson"}})
	wantContains(t, found.Body.String(), `value="`+client+`"`) // the DPO still finds a restricted person
}
