package http_test

import (
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/klient-crm/klient/http/web"
)

// call sends one API request with a JSON body (when body is not empty) and
// extra headers given as name, value pairs.
func (a *app) call(method, path, body string, headers ...string) *httptest.ResponseRecorder {
	a.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return a.send(req)
}

func decode[T any](t testing.TB, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("response is not the expected JSON (%v): %s", err, rec.Body)
	}
	return v
}

// wantStatus fails the test with the response body when the status differs.
func wantStatus(t testing.TB, rec *httptest.ResponseRecorder, status int) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d: %s", rec.Code, status, rec.Body)
	}
}

func wantProblem(t testing.TB, rec *httptest.ResponseRecorder, status int) web.Problem {
	t.Helper()
	wantStatus(t, rec, status)
	if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json", ct)
	}
	return decode[web.Problem](t, rec)
}

const annaJSON = `{"kind":"person","details":{"given_name":"Anna","family_name":"Lindqvist",
	"personnummer":"19811218-9876","emails":[{"address":"anna@example.se","label":"arbete"}],
	"phones":[{"number":"070-123 45 67"}],"addresses":[{"street":"Storgatan 1","postal_code":"11122","city":"Stockholm"}]}}`
