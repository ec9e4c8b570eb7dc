package http_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/klient-crm/klient/projections/accesslog"
)

// TestUploadAndDownloadDocuments uploads a document on the matter page
// and downloads it as an attachment with nosniff, recorded as a download
// and in the access log; a file over the limit is refused with the form's
// message and nothing written; the API does the same.
func TestUploadAndDownloadDocuments(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	m := a.openMatter("Dokumenterat", a.me.ID, a.createPerson("Doris", "Dokument"), nil, nil, nil)
	content := pdf("avtal")
	rec := a.upload("/matters/"+m.ID+"/documents", "Avtal Dorisson.pdf", content)
	wantStatus(t, rec, http.StatusSeeOther)
	tab := a.get(location(rec)).Body.String()
	wantContains(t, tab, "Dokumentet är uppladdat.", "Avtal Dorisson.pdf", "application/pdf")
	id := hiddenAfter(t, tab, `href="/documents/`)
	id = strings.TrimSuffix(strings.SplitN(id, `"`, 2)[0], `"`)

	got := a.get("/documents/" + id)
	wantStatus(t, got, http.StatusOK)
	h := got.Header()
	if !bytes.Equal(got.Body.Bytes(), content) || h.Get("Content-Type") != "application/pdf" ||
		h.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") {
		t.Errorf("download: %v %q", h, got.Body.Bytes())
	}
	entries, err := accesslog.Search(context.Background(), a.pool, a.keys, accesslog.Filter{StaffID: a.me.ID})
	must(t, err)
	if !hasVia(entries, accesslog.ViaDownload, "matter-"+m.ID) {
		t.Error("the download is not in the access log")
	}

	before := a.events()
	rec = a.upload("/matters/"+m.ID+"/documents", "stor.pdf", append(pdf("stor"), make([]byte, testUploadLimit)...))
	wantStatus(t, rec, http.StatusUnprocessableEntity)
	wantContains(t, rec.Body.String(), "Filen är för stor.")
	if a.events() != before {
		t.Error("a refused upload wrote events")
	}
	rec = a.upload("/api/v1/documents", "stor.pdf", append(pdf("stor"), make([]byte, testUploadLimit)...), "matter_id", m.ID)
	if p := wantProblem(t, rec, http.StatusUnprocessableEntity); p.Errors[0].Code != "document.too_large" {
		t.Errorf("API upload over the limit: %+v", p)
	}
	rec = a.upload("/api/v1/documents", "Bilaga.pdf", pdf("bilaga"), "matter_id", m.ID)
	wantStatus(t, rec, http.StatusCreated)
	stored := decode[map[string]any](t, rec)
	wantStatus(t, a.get("/api/v1/documents/"+stored["id"].(string)), http.StatusOK)
	wantProblem(t, a.upload("/api/v1/documents", "sida.html", []byte("<html><script>x</script></html>"), "matter_id", m.ID), http.StatusUnprocessableEntity)
}

func hasVia(entries []accesslog.Entry, via accesslog.Via, subject string) bool {
	for _, e := range entries {
		for _, s := range e.Subjects {
			if e.Via == via && s == subject {
				return true
			}
		}
	}
	return false
}
