package main

import (
	"net/http"
	"strings"
	"testing"
)

// TestServeEndToEnd boots the real binary over a fresh database, registers
// a person through the API, reads them back, finds them by search, and
// checks that their personal data never reached the log output.
func TestServeEndToEnd(t *testing.T) {
	t.Parallel()
	in := newInstance(t)
	in.serve()
	if code, _ := in.get("/api/v1/contacts"); code != http.StatusUnauthorized {
		t.Fatalf("the API without sign-in: %d, want 401", code)
	}
	in.signIn()

	if code, _ := in.get("/healthz"); code != http.StatusOK {
		t.Fatalf("healthz: %d", code)
	}
	if code, _ := in.get("/readyz"); code != http.StatusOK {
		t.Fatalf("readyz: %d", code)
	}
	code, created := in.postJSON("/api/v1/contacts", `{"kind":"person","details":{"given_name":"Canaryvera",
		"family_name":"Zyxwoodsson","personnummer":"19850312-4128","emails":[{"address":"canary.zyx@example.se"}],
		"phones":[{"number":"070-555 12 34"}]}}`)
	if code != http.StatusCreated {
		t.Fatalf("create: status %d, body %v", code, created)
	}
	id, _ := created["id"].(string)
	if code, got := in.get("/api/v1/contacts/" + id); code != http.StatusOK || got["display_name"] == "" {
		t.Fatalf("get: status %d, body %v", code, got)
	}
	code, found := in.postJSON("/api/v1/contacts/search", `{"q":"Zyxwoodsson"}`)
	if items, _ := found["items"].([]any); code != http.StatusOK || len(items) != 1 {
		t.Fatalf("search right after create (read-your-writes): status %d, body %v", code, found)
	}
	logs := in.stderr.String()
	for _, canary := range []string{"Canaryvera", "Zyxwoodsson", "canary.zyx", "19850312", "555 12 34", "5551234"} {
		if strings.Contains(logs, canary) {
			t.Errorf("the server's log holds personal data %q", canary)
		}
	}
	if !strings.Contains(logs, `"msg":"serving"`) {
		t.Errorf("expected structured JSON logs, got:\n%s", logs)
	}
}

// TestServeRefusesBadInputWithoutWriting: a bad personnummer gets a 422
// problem and the log of events stays empty.
func TestServeRefusesBadInputWithoutWriting(t *testing.T) {
	t.Parallel()
	in := newInstance(t)
	in.serve()
	in.signIn()
	code, problem := in.postJSON("/api/v1/contacts", `{"kind":"person","details":{"given_name":"A","family_name":"B","personnummer":"19850312-4129"}}`)
	if code != http.StatusUnprocessableEntity || problem["detail"] == nil {
		t.Fatalf("bad personnummer: status %d, body %v", code, problem)
	}
	out, _, _ := in.run("projections", "status")
	if !strings.Contains(out, "contacts") {
		t.Fatalf("projections status lists no contacts projector:\n%s", out)
	}
	code, list := in.get("/api/v1/contacts")
	if items, _ := list["items"].([]any); code != http.StatusOK || len(items) != 0 {
		t.Fatalf("something was written: %v", list)
	}
}
