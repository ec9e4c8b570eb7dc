package http_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/cdd"
	cddpages "github.com/klient-crm/klient/http/cdd"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/documents"
)

// postCopy sends a copy of an identity document to path as the form and
// the API send it: version, then the file.
func (a *app) postCopy(path string, version uint64, name string, content []byte) *httptest.ResponseRecorder {
	a.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	must(a.t, mw.WriteField("version", strconv.FormatUint(version, 10)))
	fw, err := mw.CreateFormFile("file", name)
	must(a.t, err)
	_, err = fw.Write(content)
	must(a.t, err)
	must(a.t, mw.Close())
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return a.send(req)
}

// streamEvents are the stored bodies of stream's events.
func (a *app) streamEvents(stream string) [][]byte {
	a.t.Helper()
	envs, err := a.store.ReadStream(context.Background(), stream, 0, 1000)
	must(a.t, err)
	out := make([][]byte, len(envs))
	for i, e := range envs {
		out[i] = e.Data
	}
	return out
}

// accessDownloadsOf counts the access log's downloads of subject's data.
func (a *app) accessDownloadsOf(subject string) (n int) {
	a.t.Helper()
	entries, err := web.AccessLogStore(a.pool, a.keys).Search(context.Background(), accesslog.Filter{Subject: subject, Limit: 100})
	must(a.t, err)
	for _, e := range entries {
		if e.Via == accesslog.ViaDownload {
			n++
		}
	}
	return n
}

// Issue 17's copy of the identity document: stored with the record in the
// documents' encrypted blobs under the record's key — the bytes and the
// file's name nowhere in the clear — downloaded by the lawyer and the AML
// officer (each download in the access log), replaced by a new copy whose
// predecessor's bytes are deleted; a file that is no PDF or photo is
// refused with nothing stored; once the client's key is destroyed the
// copy can no longer be read, and the erasure deletes its bytes.
func TestIdentityCopyIsSealedWithTheRecordAndGoneWithItsKey(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	aml := a.as(a.signIn(a.member(access.RoleAMLOfficer).ID))
	client := a.createPerson("Åsa", "Kopiasson")
	m := a.takeIn("Gåvobrev", "familjerätt", a.me.ID, client)
	path := "/api/v1/matters/" + m.ID + "/due-diligence"
	rec := a.call(http.MethodPost, path, `{}`)
	wantStatus(t, rec, http.StatusCreated)
	r := decode[cddpages.RecordJSON](t, rec)
	key := cdd.RecordKey(client, m.ID)
	blobs := func() (n int) {
		must(t, a.pool.QueryRow(t.Context(), `SELECT count(*) FROM document_blobs WHERE subject = $1`, key).Scan(&n))
		return n
	}

	before := a.events()
	p := wantProblem(t, a.postCopy(path+"/identity-copy", r.Version, "pass.txt", []byte("Pass AB1234567, Åsa Kopiasson")), http.StatusUnprocessableEntity)
	if len(p.Errors) != 1 || p.Errors[0].Code != "cdd.identity_copy.type" || !strings.Contains(p.Errors[0].Message, "PDF") {
		t.Errorf("a text file as the copy: %+v", p)
	}
	if n := a.events() - before; n != 0 || blobs() != 0 {
		t.Errorf("a refused copy wrote %d events and left %d blobs", n, blobs())
	}

	photo := append([]byte("\x89PNG\r\n\x1a\n"), []byte("PASSBILD-ASA-KOPIASSON-AB1234567")...)
	rec = a.postCopy(path+"/identity-copy", r.Version, "pass-asa-kopiasson.png", photo)
	wantStatus(t, rec, http.StatusCreated)
	r = decode[cddpages.RecordJSON](t, rec)
	if c := r.IdentityCopy; c == nil || c.ContentType != "image/png" || c.Size != int64(len(photo)) || c.Name != "pass-asa-kopiasson.png" {
		t.Fatalf("the record's copy: %+v", r.IdentityCopy)
	}
	var sealed []byte
	must(t, a.pool.QueryRow(t.Context(), `SELECT c.sealed FROM document_blob_chunks c JOIN document_blobs b USING (document_id)
		WHERE b.subject = $1`, key).Scan(&sealed))
	if bytes.Contains(sealed, []byte("PASSBILD")) {
		t.Error("the copy's bytes are stored in the clear")
	}
	for _, e := range a.streamEvents(cdd.RecordStreamName(m.ID)) {
		if bytes.Contains(e, []byte("pass-asa-kopiasson")) {
			t.Error("the record's stream holds the copy's name in the clear")
		}
	}
	for _, who := range []struct {
		as   *app
		path string
	}{{a, "/matters/" + m.ID + "/due-diligence/identity-copy"}, {a, path + "/identity-copy"},
		{aml, "/due-diligence/records/" + m.ID + "/identity-copy"}} {
		got := who.as.get(who.path)
		wantStatus(t, got, http.StatusOK)
		if !bytes.Equal(got.Body.Bytes(), photo) || !strings.HasPrefix(got.Header().Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: %d bytes, %q", who.path, got.Body.Len(), got.Header().Get("Content-Disposition"))
		}
	}
	if n := a.accessDownloadsOf(client); n != 3 {
		t.Errorf("%d downloads of the client's data in the access log, want 3", n)
	}
	wantContains(t, a.get("/matters/"+m.ID+"/due-diligence").Body.String(), "Hämta kopian", "image/png")

	scan := []byte("%PDF-1.4\n% pass\n%%EOF\n")
	rec = a.postCopy("/matters/"+m.ID+"/due-diligence/identity-copy", r.Version, "pass.pdf", scan)
	wantStatus(t, rec, http.StatusSeeOther)
	if n := blobs(); n != 1 {
		t.Errorf("%d blobs of the record after a new copy, want the new one alone", n)
	}
	if got := a.get(path + "/identity-copy"); !bytes.Equal(got.Body.Bytes(), scan) {
		t.Errorf("after the new copy the download is %q", got.Body.String())
	}

	_, err := a.keyring().Shred(context.Background(), client)
	must(t, err)
	got := a.get(path + "/identity-copy")
	if got.Code == http.StatusOK || bytes.Contains(got.Body.Bytes(), []byte("% pass")) {
		t.Errorf("after the client's key was destroyed the copy answers %d: %q", got.Code, got.Body.String())
	}
	// The client's erasure deletes the documents sealed for them, and
	// with them those under the keys they own: the copy leaves no
	// ciphertext behind.
	if n, err := documents.NewEraser(a.pool).EraseDocuments(t.Context(), client); err != nil || n != 1 || blobs() != 0 {
		t.Errorf("the erasure's documents step deleted %d (%v), leaving %d blobs of the record", n, err, blobs())
	}
}
