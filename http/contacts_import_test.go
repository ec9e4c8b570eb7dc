package http_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/klient-crm/klient/domain/access"
	contactpages "github.com/klient-crm/klient/http/contacts"
	"github.com/klient-crm/klient/internal/contactimport"
	"github.com/klient-crm/klient/projections/accesslog"
)

// excelImport is a Swedish Excel list as it saves "CSV
// (semikolonavgränsad)": Windows-1252, semicolons, CRLF.
func excelImport(t testing.TB, rows ...string) []byte {
	t.Helper()
	text := "Förnamn;Efternamn;Personnummer;E-post;Mobil\r\n" + strings.Join(rows, "\r\n") + "\r\n"
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	must(t, err)
	return b
}

// The API: a dry run lists the row with a wrong check digit by the
// domain's message and writes nothing; the import runs after its 202 and
// its status counts what it made; the same file again makes nothing.
func TestContactImportAPI(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	rec := a.call(http.MethodPost, "/api/v1/contacts", `{"kind":"person","details":{"given_name":"Per","family_name":"Ek","personnummer":"19640823-3234"}}`)
	wantStatus(t, rec, http.StatusCreated)
	existing := decode[contactpages.ContactJSON](t, rec).ID
	data := excelImport(t, "Åsa;Öberg;19811218-9876;asa@example.se;070-111 22 33", "Lena;Falk;19811218-9875;lena@example.se;",
		"Per;Ek;640823-3234;per@example.se;")
	before := a.events()
	rec = a.upload("/api/v1/contacts/imports/dry-run", "klienter.csv", data)
	wantStatus(t, rec, http.StatusOK)
	plan := decode[contactpages.ImportPlanJSON](t, rec)
	if m := plan.Rows[1].Match; plan.Counts.Duplicates != 1 || m == nil || m.ContactID != existing || m.Name != "Per Ek" || !m.Exact ||
		plan.Rows[1].Decision != "skip" || len(plan.Rows[1].Choices) != 3 {
		t.Fatalf("the likely duplicate: %+v", plan.Rows[1])
	}
	entries, err := accesslog.Search(context.Background(), a.pool, a.keys, accesslog.Filter{StaffID: a.me.ID})
	must(t, err)
	if !hasVia(entries, accesslog.ViaAPI, existing) {
		t.Fatal("the duplicate shown by name is not in the access log")
	}
	if plan.Encoding != "Windows-1252" || plan.Counts.New != 1 || plan.Counts.Invalid != 1 || len(plan.Rows) != 2 ||
		plan.Rows[0].Line != 3 || plan.Rows[0].Problems[0].Message != "Personnumrets kontrollsiffra stämmer inte." ||
		plan.Columns[0] != (contactpages.ImportColumn{Name: "Förnamn", Field: "given_name"}) || plan.Preview[0][0] != "Åsa" {
		t.Fatalf("dry run: %+v", plan)
	}
	if a.events() != before {
		t.Fatal("the dry run wrote events")
	}

	rec = a.upload("/api/v1/contacts/imports", "klienter.csv", data, "basis", "legitimate_interest", "purpose", "client_relationship")
	if p := wantProblem(t, rec, http.StatusUnprocessableEntity); p.Errors[0].Code != "gdpr.basis.balancing_note_required" {
		t.Fatalf("no balancing test: %+v", p)
	}
	rec = a.upload("/api/v1/contacts/imports", "klienter.csv", data, "basis", "contract", "purpose", "client_relationship")
	wantStatus(t, rec, http.StatusAccepted)
	st := awaitImport(t, a, rec.Header().Get("Location"))
	if st.Created != 1 || st.Invalid != 1 || st.Skipped != 1 {
		t.Fatalf("run: %+v", st)
	}
	rec = a.call(http.MethodGet, "/api/v1/contacts?q=Öberg", "")
	wantStatus(t, rec, http.StatusOK)
	if !strings.Contains(rec.Body.String(), "Åsa Öberg") {
		t.Fatalf("the imported contact is not found: %s", rec.Body)
	}
	rec = a.upload("/api/v1/contacts/imports", "klienter.csv", data, "basis", "contract", "purpose", "client_relationship")
	wantStatus(t, rec, http.StatusAccepted)
	if st := awaitImport(t, a, rec.Header().Get("Location")); st.Created != 0 || st.Skipped != 2 {
		t.Fatalf("the same file again: %+v", st)
	}
	// Someone else's import answers as an unknown one.
	other := a.as(a.signIn(a.member(access.RoleLawyer).ID))
	wantProblem(t, other.get(rec.Header().Get("Location")), http.StatusNotFound)
}

// Bad files: a picture, a file in no known encoding, and a body announced
// as a gigabyte, refused before it is read, each with a Swedish message
// and nothing written.
func TestContactImportRefusesBadFiles(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	before := a.events()
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	rec := a.upload("/api/v1/contacts/imports/dry-run", "bild.csv", png)
	if p := wantProblem(t, rec, http.StatusUnprocessableEntity); p.Errors[0].Message != "Filen är varken CSV eller vCard." {
		t.Fatalf("a picture: %+v", p)
	}
	rec = a.upload("/contacts/import", "bild.csv", png)
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Filen är varken CSV eller vCard.")

	req := httptest.NewRequest(http.MethodPost, "http://klient.test/contacts/import", bytes.NewReader([]byte("x")))
	req.ContentLength = 1 << 30
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec = a.send(req)
	wantStatus(t, rec, http.StatusRequestEntityTooLarge)
	wantContains(t, rec.Body.String(), "Filen är för stor för en import. Dela upp den.")
	if a.events() != before {
		t.Fatal("a refused file wrote events")
	}
}

// The pages: upload, the plan with its preview and the row to look at,
// then the run and its counts.
func TestContactImportPages(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	wantStatus(t, a.get("/contacts/import"), http.StatusOK)
	data := excelImport(t, "Åsa;Öberg;19811218-9876;asa@example.se;", "Lena;Falk;19811218-9875;lena@example.se;")
	rec := a.upload("/contacts/import", "klienter.csv", data)
	wantStatus(t, rec, http.StatusSeeOther)
	page := rec.Header().Get("Location")
	rec = a.get(page)
	wantStatus(t, rec, http.StatusOK)
	body := rec.Body.String()
	for _, want := range []string{"Windows-1252", "1 nya kontakter", "1 rader med fel", "Personnumrets kontrollsiffra stämmer inte.", "Åsa", "Importera 1 kontakter"} {
		wantContains(t, body, want)
	}
	rec = a.post(page+"/run", map[string][]string{"basis": {"contract"}, "purpose": {"client_relationship"}})
	wantStatus(t, rec, http.StatusSeeOther)
	deadline := time.Now().Add(20 * time.Second)
	for {
		body = a.get(page).Body.String()
		if strings.Contains(body, "Importen är klar") || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	wantContains(t, body, "Importen är klar")
	wantContains(t, body, `<progress id="import-progress" max="1" value="1">`)
}

func awaitImport(t *testing.T, a *app, location string) contactpages.ImportStatusJSON {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		rec := a.call(http.MethodGet, location, "")
		wantStatus(t, rec, http.StatusOK)
		plan := decode[contactpages.ImportPlanJSON](t, rec)
		if plan.Run != nil && plan.Run.State != "running" {
			if plan.Run.State != "done" {
				t.Fatalf("run: %+v", plan.Run)
			}
			return *plan.Run
		}
		if time.Now().After(deadline) {
			t.Fatalf("the import did not finish: %+v", plan.Run)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Export: a search's result as CSV (a formula in a name neutralised) and
// as vCard that the import reads back; walled and restricted contacts are
// never in it, a selection naming one answers 404; every export is in the
// access log with the contacts it held; a role without contact.export is
// refused.
func TestContactExport(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	exporter := a.member(access.RoleLawyer)
	asExporter := a.as(a.signIn(exporter.ID))
	admin := a.as(a.signIn(a.member(access.RoleAdmin).ID))
	dpo := a.as(a.signIn(a.member(access.RoleDPO).ID))
	formula := a.createPerson("=cmd|' /C calc'!A0", "Exportsson")
	plain := a.createPerson("Åsa", "Exportsson")
	walled := a.createPerson("Dolores", "Exportsson")
	restricted := a.createPerson("Rut", "Exportsson")
	erect(t, admin, url.Values{"contact_id": {walled}, "users": {exporter.ID}, "reason": {"jäv"}})
	wantStatus(t, dpo.call(http.MethodPost, "/api/v1/contacts/"+restricted+"/restriction", `{"reason":"Bestrider riktigheten"}`), http.StatusOK)

	rec := asExporter.call(http.MethodPost, "/api/v1/contacts/export", `{"format":"csv","q":"Exportsson"}`)
	wantStatus(t, rec, http.StatusOK)
	body := rec.Body.String()
	if !strings.HasPrefix(body, "\uFEFFTyp;Namn;") || !strings.Contains(body, "'=cmd|' /C calc'!A0") ||
		!strings.Contains(body, "Åsa Exportsson") || strings.Contains(body, "Dolores") || strings.Contains(body, "Rut") ||
		!strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment") {
		t.Fatalf("CSV export:\n%s", body)
	}
	entries, err := accesslog.Search(context.Background(), a.pool, a.keys, accesslog.Filter{StaffID: exporter.ID})
	must(t, err)
	if !hasVia(entries, accesslog.ViaExport, formula) || !hasVia(entries, accesslog.ViaExport, plain) ||
		hasVia(entries, accesslog.ViaExport, walled) {
		t.Fatalf("the access log: %+v", entries)
	}

	rec = asExporter.call(http.MethodPost, "/api/v1/contacts/export", `{"format":"vcard","ids":["`+plain+`"]}`)
	wantStatus(t, rec, http.StatusOK)
	tab, err := contactimport.Read(rec.Body.Bytes())
	must(t, err)
	recs, err := contactimport.Records(tab, tab.Guess, time.Now())
	must(t, err)
	if len(recs) != 1 || recs[0].Person == nil || recs[0].Person.GivenName != "Åsa" || recs[0].Person.FamilyName != "Exportsson" {
		t.Fatalf("vCard read back: %+v", recs)
	}
	for _, id := range []string{walled, restricted, newID()} {
		wantProblem(t, asExporter.call(http.MethodPost, "/api/v1/contacts/export", `{"format":"csv","ids":["`+id+`"]}`), http.StatusNotFound)
	}
	wantProblem(t, asExporter.call(http.MethodPost, "/api/v1/contacts/export", `{"format":"xls"}`), http.StatusUnprocessableEntity)
	wantProblem(t, admin.call(http.MethodPost, "/api/v1/contacts/export", `{"format":"csv"}`), http.StatusForbidden)

	// The page: the ticked row only.
	rec = asExporter.post("/contacts/export", url.Values{"format": {"csv"}, "q": {"Exportsson"}, "id": {plain}})
	wantStatus(t, rec, http.StatusOK)
	if b := rec.Body.String(); !strings.Contains(b, "Åsa Exportsson") || strings.Contains(b, "calc") {
		t.Fatalf("the page's export of a selection:\n%s", b)
	}
}
