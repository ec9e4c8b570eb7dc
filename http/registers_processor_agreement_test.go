package http_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/dpo"
	dpopages "github.com/klient-crm/klient/http/dpo"
)

// TestProcessorAgreementUpload: issue 16 asks for "agreement date with
// the signed agreement (uploaded, encrypted)". The DPO uploads the signed
// PDF on the processor's page; a file that is not a PDF (a text named
// .pdf) is refused in Swedish and neither an event nor a byte is stored;
// the PDF is kept sealed (its words are in neither the stored chunks nor
// the log), is a line of the processor's history, and comes back byte for
// byte to the DPO as a PDF attachment. The processor's next edit expects
// the version after the upload. Auditors see the line but not the link,
// and are refused the bytes; the agreement under another processor's ID
// is the same 404 as an unknown one. Through the API: upload, list,
// download.
func TestProcessorAgreementUpload(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	officer := a.as(a.signIn(a.member(access.RoleDPO).ID))
	reviewBy := time.Now().AddDate(1, 0, 0).Format("2006-01-02")
	newProcessor := func(name string) dpopages.ProcessorJSON {
		rec := officer.call(http.MethodPost, "/api/v1/processors", `{"name":"`+name+`","service":"Drift av servrar",
			"data_categories":"Allt i Klient","countries":["SE"],"mechanism":"none","review_by":"`+reviewBy+`"}`)
		wantStatus(t, rec, http.StatusCreated)
		return decode[dpopages.ProcessorJSON](t, rec)
	}
	host, other := newProcessor("Driftbolaget AB"), newProcessor("Andra biträdet AB")
	path := "/registers/processors/" + host.ID

	ctx := context.Background()
	blobs := func() int {
		var n int
		must(t, a.pool.QueryRow(ctx, `SELECT count(*) FROM document_blobs`).Scan(&n))
		return n
	}
	before, storedBefore := a.events(), blobs()
	rec := officer.upload(path+"/agreements", "avtal.pdf", []byte("Detta är ingen PDF utan vanlig text."), "document_id", newID())
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Ladda upp det undertecknade avtalet som en PDF-fil.", `id="agreement-form"`)
	if a.events() != before || blobs() != storedBefore {
		t.Fatalf("a refused upload wrote %d events and %d blobs", a.events()-before, blobs()-storedBefore)
	}

	signed := pdf("Personuppgiftsbitradesavtal undertecknat av Sigrid Signatur")
	docID := newID()
	rec = officer.upload(path+"/agreements", `C:\fakepath\Biträdesavtal Driftbolaget.pdf`, signed, "document_id", docID)
	wantStatus(t, rec, http.StatusSeeOther)
	target, _, _ := strings.Cut(location(rec), "#") // a browser keeps the fragment to itself
	page := officer.get(target)
	wantStatus(t, page, http.StatusOK)
	history := section(t, page.Body.String(), "processor-history")
	wantContains(t, page.Body.String(), "Avtalet är uppladdat.")
	wantContains(t, history, "Undertecknat avtal laddades upp", "Biträdesavtal Driftbolaget.pdf",
		`href="`+path+`/agreements/`+docID+`"`, "Uppgifterna sparades")

	var sealed []byte
	must(t, a.pool.QueryRow(ctx, `SELECT string_agg(sealed, ''::bytea) FROM document_blob_chunks WHERE document_id = $1`, docID).
		Scan(&sealed))
	if len(sealed) == 0 || bytes.Contains(sealed, []byte("Sigrid Signatur")) || bytes.Contains(sealed, []byte("%PDF")) {
		t.Errorf("the agreement's bytes are not stored sealed (%d bytes)", len(sealed))
	}
	envs, err := a.store.ReadStream(ctx, dpo.ProcessorStreamName(host.ID), 0, 100)
	must(t, err)
	for _, e := range envs {
		if bytes.Contains(e.Data, []byte("Driftbolaget.pdf")) {
			t.Error("the agreement's file name is in the log in the clear")
		}
	}

	got := officer.get(path + "/agreements/" + docID)
	wantStatus(t, got, http.StatusOK)
	if !bytes.Equal(got.Body.Bytes(), signed) || got.Header().Get("Content-Type") != "application/pdf" ||
		got.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("the download: %q, %s", got.Body.Bytes(), got.Header())
	}
	wantStatus(t, officer.get("/registers/processors/"+other.ID+"/agreements/"+docID), http.StatusNotFound)
	wantStatus(t, officer.get(path+"/agreements/"+newID()), http.StatusNotFound)

	// The upload moved the processor's version: an edit from the page's
	// version now is accepted, one from before the upload is stale.
	edit := `{"name":"Driftbolaget AB","service":"Drift och säkerhetskopior","data_categories":"Allt i Klient","countries":["SE"],
		"mechanism":"none","review_by":"` + reviewBy + `"}`
	wantStatus(t, officer.call(http.MethodPut, "/api/v1/processors/"+host.ID, edit, "If-Match", `"0"`), http.StatusConflict)
	wantStatus(t, officer.call(http.MethodPut, "/api/v1/processors/"+host.ID, edit, "If-Match", `"1"`), http.StatusOK)

	auditor := a.as(a.signIn(a.member(access.RoleAuditor).ID))
	evidence := section(t, auditor.get(path).Body.String(), "processor-history")
	wantContains(t, evidence, "Biträdesavtal Driftbolaget.pdf")
	wantAbsent(t, evidence, "/agreements/"+docID)
	wantStatus(t, auditor.get(path+"/agreements/"+docID), http.StatusForbidden)
	wantAbsent(t, auditor.get(path).Body.String(), `id="agreement-form"`)

	second := pdf("Förnyat avtal 2027")
	rec = officer.upload("/api/v1/processors/"+host.ID+"/agreements", "förnyat.pdf", second)
	wantStatus(t, rec, http.StatusCreated)
	renewed := decode[dpopages.AgreementJSON](t, rec)
	if renewed.Name != "förnyat.pdf" || renewed.Size != int64(len(second)) || rec.Header().Get("Location") != renewed.Download {
		t.Errorf("the API's upload answered %+v, Location %s", renewed, rec.Header().Get("Location"))
	}
	list := decode[struct {
		Items []dpopages.AgreementJSON `json:"items"`
	}](t, auditor.call(http.MethodGet, "/api/v1/processors/"+host.ID+"/agreements", ""))
	if len(list.Items) != 2 || list.Items[0].DocumentID != renewed.DocumentID || list.Items[1].DocumentID != docID {
		t.Errorf("the agreements, latest first: %+v", list.Items)
	}
	got = officer.call(http.MethodGet, renewed.Download, "")
	wantStatus(t, got, http.StatusOK)
	if !bytes.Equal(got.Body.Bytes(), second) {
		t.Errorf("the API's download: %q", got.Body.Bytes())
	}
	wantProblem(t, auditor.call(http.MethodGet, renewed.Download, ""), http.StatusForbidden)
	wantProblem(t, officer.upload("/api/v1/processors/"+newID()+"/agreements", "avtal.pdf", signed), http.StatusNotFound)
}

// processorWithAgreement records a processor with long words and uploads
// its signed agreement under a long name: the page a narrow screen must
// hold (TestBrowserPagesForEveryRole).
func (a *app) processorWithAgreement() string {
	a.t.Helper()
	officer := a.requestsOfficer()
	rec := officer.call(http.MethodPost, "/api/v1/processors", `{"name":"Driftbolaget Norrlandsservrar och Säkerhetskopior AB",
		"service":"Drift av servrar och säkerhetskopiering","data_categories":"Allt i Klient","countries":["SE","US"],
		"mechanism":"scc","transfer_assessed":"2026-11-01","review_by":"`+time.Now().AddDate(1, 0, 0).Format("2006-01-02")+`"}`)
	wantStatus(a.t, rec, http.StatusCreated)
	path := "/registers/processors/" + decode[dpopages.ProcessorJSON](a.t, rec).ID
	wantStatus(a.t, officer.upload(path+"/agreements", "Personuppgiftsbiträdesavtal_Driftbolaget_Norrlandsservrar_undertecknat_2026-11-01.pdf",
		pdf("Undertecknat"), "document_id", newID()), http.StatusSeeOther)
	return path
}
