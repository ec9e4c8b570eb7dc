// Package mailtest starts a real mail server, mailpit, for one test, on
// free ports, and reads what arrived through its HTTP API. Tests only.
//
// mailpit is installed by `make test-deps` into ./var/bin (pinned in the
// Makefile); KLIENT_MAILPIT_BIN names another binary. A missing binary
// fails the test with the way to install it.
package mailtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Mailpit is one running mailpit.
type Mailpit struct {
	SMTPAddr string // host:port of its SMTP listener
	API      string // base URL of its web UI and API
	t        testing.TB
}

// SMTPURL is the URL Klient's KLIENT_SMTP_URL takes for it.
func (m *Mailpit) SMTPURL() string { return "smtp://" + m.SMTPAddr }

// Binary finds the mailpit binary: KLIENT_MAILPIT_BIN, else var/bin/mailpit
// of the module, else mailpit on PATH.
func Binary(t testing.TB) string {
	t.Helper()
	if b := os.Getenv("KLIENT_MAILPIT_BIN"); b != "" {
		return b
	}
	if dir, err := os.Getwd(); err == nil {
		for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				if b := filepath.Join(dir, "var", "bin", "mailpit"); isFile(b) {
					return b
				}
				break
			}
		}
	}
	if b, err := exec.LookPath("mailpit"); err == nil {
		return b
	}
	t.Fatal("mailpit is not installed: run `make test-deps` (it builds github.com/axllent/mailpit into ./var/bin)")
	return ""
}

func isFile(p string) bool { st, err := os.Stat(p); return err == nil && st.Mode().IsRegular() }

// FreePort returns a loopback port nobody listens on now.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Start runs a mailpit for the test on free ports (or on smtpPort when
// it is not 0) with its messages in the test's temporary directory;
// extra are more of mailpit's flags. It is stopped when the test ends.
func Start(t testing.TB, smtpPort int, extra ...string) *Mailpit {
	t.Helper()
	if smtpPort == 0 {
		smtpPort = FreePort(t)
	}
	uiPort := FreePort(t)
	m := &Mailpit{SMTPAddr: "127.0.0.1:" + strconv.Itoa(smtpPort), API: "http://127.0.0.1:" + strconv.Itoa(uiPort), t: t}
	args := append([]string{"--listen", "127.0.0.1:" + strconv.Itoa(uiPort), "--smtp", m.SMTPAddr,
		"--database", filepath.Join(t.TempDir(), "mailpit.db"), "--max", "0",
		"--smtp-auth-accept-any", "--smtp-auth-allow-insecure", "--disable-version-check", "--quiet"}, extra...)
	cmd := exec.Command(Binary(t), args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start mailpit: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", m.SMTPAddr, time.Second)
		if err == nil {
			c.Close()
			if _, err := http.Get(m.API + "/api/v1/info"); err == nil {
				return m
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit did not listen on %s within 15 s", m.SMTPAddr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Address is a name and address as mailpit reports them.
type Address struct {
	Name    string
	Address string
}

// Summary is one message in mailpit's list.
type Summary struct {
	ID        string
	MessageID string
	From      Address
	To        []Address
	Subject   string
}

// Message is one message whole.
type Message struct {
	Summary
	Text string
	HTML string
}

// Messages lists every message that arrived, oldest first.
func (m *Mailpit) Messages() []Summary {
	m.t.Helper()
	var all []Summary
	for start := 0; ; {
		var page struct {
			Total    int
			Messages []Summary
		}
		m.get("/api/v1/messages?limit=1000&start="+strconv.Itoa(start), &page)
		all = append(all, page.Messages...)
		start += len(page.Messages)
		if len(page.Messages) == 0 || start >= page.Total {
			break
		}
	}
	for i, j := 0, len(all)-1; i < j; i, j = i+1, j-1 {
		all[i], all[j] = all[j], all[i]
	}
	return all
}

// Count is how many messages arrived.
func (m *Mailpit) Count() int {
	m.t.Helper()
	var page struct{ Total int }
	m.get("/api/v1/messages?limit=1", &page)
	return page.Total
}

// WaitCount waits until at least n messages arrived, failing after d.
func (m *Mailpit) WaitCount(n int, d time.Duration) {
	m.t.Helper()
	deadline := time.Now().Add(d)
	for got := m.Count(); got < n; got = m.Count() {
		if time.Now().After(deadline) {
			m.t.Fatalf("mailpit: %d messages after %v, want %d", got, d, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Message reads one message by mailpit's ID.
func (m *Mailpit) Message(id string) Message {
	m.t.Helper()
	var out Message
	m.get("/api/v1/message/"+url.PathEscape(id), &out)
	return out
}

// Headers reads one message's headers, as sent (encoded words decoded).
func (m *Mailpit) Headers(id string) map[string][]string {
	m.t.Helper()
	out := map[string][]string{}
	m.get("/api/v1/message/"+url.PathEscape(id)+"/headers", &out)
	return out
}

func (m *Mailpit) get(path string, into any) {
	m.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.API+path, nil)
	if err != nil {
		m.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		m.t.Fatalf("mailpit %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		m.t.Fatalf("mailpit %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		m.t.Fatalf("mailpit %s: %v", path, fmt.Errorf("decode: %w", err))
	}
}
