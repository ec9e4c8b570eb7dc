package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/smtp"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
	contactpages "github.com/klient-crm/klient/http/contacts"
	"github.com/klient-crm/klient/http/web"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/outbox"
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
	wantAbsent(t, page, "Ebba", "Glömsk", `id="certificate-unverified"`)

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
		wantAbsent(t, a.get(path).Body.String(), "Ebba", "Glömsk")
	}
	wantAbsent(t, d.get("/gdpr/requests/"+id).Body.String(), "Ebba", "Glömsk")
	logPage := d.get("/gdpr/deletion-log?category=erasure&month=" + date(0)[:7]).Body.String()
	wantContains(t, logPage, gdprmodel.SubjectHash(person), "/gdpr/erasures/"+id)
	wantContains(t, d.get("/gdpr/deletion-log?subject="+person).Body.String(), "/gdpr/erasures/"+id)
	wantAbsent(t, d.get("/gdpr/deletion-log?subject="+newID()).Body.String(), "/gdpr/erasures/"+id)
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

// Held mail is destroyed with the person it came from or went to (issue
// 15): the certificate says how many messages went, on its page and in
// the JSON the DPO files, and e-mail held about nobody of theirs stays.
func TestErasureCertificateCountsHeldMail(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	rec := a.call(http.MethodPost, "/api/v1/contacts",
		`{"kind":"person","details":{"given_name":"Ebba","family_name":"Postlund","emails":[{"address":"ebba.postlund@exempel.se"}]}}`)
	wantStatus(t, rec, http.StatusCreated)
	person := decode[contactpages.ContactJSON](t, rec).ID
	addr := a.mailListener()
	secret, _, err := a.creds.CreateToken(context.Background(), credentials.NewToken{Name: "E-post", Roles: []access.Role{access.RoleLawyer},
		Scopes: []access.Scope{access.ScopeCommunicationsWrite, access.ScopeDocumentsWrite}, CreatedBy: a.me.ID})
	must(t, err)
	for _, from := range []string{"ebba.postlund@exempel.se", "annan@exempel.se"} {
		msg := "From: " + from + "\r\nTo: arende@klient.example\r\nSubject: Utan nummer\r\nMessage-ID: <" + from +
			">\r\n\r\nHej.\r\n"
		must(t, smtp.SendMail(addr, smtp.PlainAuth("", "x", secret, "127.0.0.1"), from, []string{"arende@klient.example"}, []byte(msg)))
	}
	if held, err := outbox.HeldFor(context.Background(), a.pool, a.me.ID); err != nil || len(held) != 2 {
		t.Fatalf("the queue holds %d messages, %v; want 2", len(held), err)
	}

	d := a.requestsOfficer()
	id := d.registerRequest(person, "erasure", date(0), "BankID")
	wantStatus(t, d.confirmed("/gdpr/requests/"+id+"/erasure", url.Values{}), http.StatusSeeOther)
	page := d.get("/gdpr/erasures/" + id).Body.String()
	wantContains(t, page, `id="held-mail-destroyed">1 `, "Väntande inkommande e-post förstörd")
	var filed struct {
		HeldMail *int64 `json:"held_mail_destroyed"`
	}
	must(t, json.Unmarshal(d.get("/gdpr/erasures/"+id+".json").Body.Bytes(), &filed))
	if filed.HeldMail == nil || *filed.HeldMail != 1 {
		t.Errorf("the certificate's JSON counts held mail %v, want 1", filed.HeldMail)
	}
	if held, err := outbox.HeldFor(context.Background(), a.pool, a.me.ID); err != nil || len(held) != 1 {
		t.Errorf("after her erasure the queue holds %d messages, %v; want the other one", len(held), err)
	}
}
