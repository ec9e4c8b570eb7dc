package main

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/smtp"
	"net/textproto"
	"strings"
	"testing"
	"time"
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

// TestServeTakesMailWhenAskedTo: with KLIENT_SMTP_LISTEN, serve answers
// SMTP there, and a transaction without AUTH is refused (530) before it
// can file anything (internal/mailin's tests send the mail itself).
func TestServeTakesMailWhenAskedTo(t *testing.T) {
	t.Parallel()
	addr := freeFixedPort(t)
	in := newInstance(t)
	in.env = append(in.env, "KLIENT_SMTP_LISTEN="+addr)
	in.serve()
	var c *smtp.Client
	var err error
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if c, err = smtp.Dial(addr); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatalf("serve does not answer SMTP on %s: %v", addr, err)
	}
	defer c.Close()
	var te *textproto.Error
	if err := c.Mail("someone@exempel.se"); !errors.As(err, &te) || te.Code != 530 {
		t.Fatalf("MAIL without AUTH: %v, want 530", err)
	}
	if !strings.Contains(in.stderr.String(), `"msg":"taking e-mail"`) {
		t.Errorf("serve did not log where it takes e-mail:\n%s", in.stderr.String())
	}
}

// freeFixedPort is a free address on a port below the kernel's ephemeral
// range (32768 and up). Serve binds it seconds after it is chosen, after
// its migrations; a port from the ephemeral range (":0", then closed) was
// taken meanwhile, once, by another test's connection.
func freeFixedPort(t *testing.T) string {
	t.Helper()
	for range 100 {
		addr := fmt.Sprintf("127.0.0.1:%d", 20000+rand.IntN(12000))
		if l, err := net.Listen("tcp", addr); err == nil {
			l.Close()
			return addr
		}
	}
	t.Fatal("no free port below the ephemeral range")
	return ""
}
