package http_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
)

// upload sends a file as a browser's multipart form does, to a page or
// the API; fields go before the file.
func (a *app) upload(path, name string, content []byte, fields ...string) *httptest.ResponseRecorder {
	a.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for i := 0; i+1 < len(fields); i += 2 {
		must(a.t, mw.WriteField(fields[i], fields[i+1]))
	}
	part, err := mw.CreateFormFile("file", name)
	must(a.t, err)
	_, err = part.Write(content)
	must(a.t, err)
	must(a.t, mw.Close())
	req := httptest.NewRequest(http.MethodPost, "http://klient.test"+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return a.send(req)
}

// pdf is a small document whose bytes sniff as a PDF.
func pdf(text string) []byte { return []byte("%PDF-1.4\n% " + text + "\n%%EOF\n") }

// feedPath creates the member's calendar feed on the account page and
// returns its path.
func (a *app) feedPath(t *testing.T) string {
	t.Helper()
	rec := a.post("/account/calendar", nil)
	wantStatus(t, rec, http.StatusCreated)
	m := regexp.MustCompile(`http://klient\.test(/calendar/[A-Za-z0-9_-]+\.ics)`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("no feed URL on the page: %s", rec.Body)
	}
	return m[1]
}
