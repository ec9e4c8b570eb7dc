package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/internal/loaddrive"
)

// TestLoadPages: against a Klient with the demo data, signed-in staff get
// an answer from every page the page driver measures (the start page,
// contact search, a contact, the matter list, a matter, its
// communications, a conflict check, the reports, and logging a call until
// the page shows it), and none fails.
func TestLoadPages(t *testing.T) {
	t.Parallel()
	in := newInstance(t)
	for _, cmd := range []string{"migrate", "demo-data"} {
		if out, errOut, code := in.run(cmd); code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", cmd, code, out, errOut)
		}
	}
	in.serve()
	plan, err := loaddrive.ParsePagesPlan([]string{"--pages", "--target", in.baseURL, "--staff", "3", "--duration", "3s"},
		io.Discard, demoLawyers())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	rep, err := loaddrive.DrivePages(ctx, plan)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems() {
		t.Errorf("%s; want some ok and none failed", p)
	}
	if rep.Opened() != 1 || rep.StartPage() != "/work" {
		t.Errorf("opened %d matters, start page %q; want the demo lawyer to open one and start at /work", rep.Opened(), rep.StartPage())
	}
	t.Logf("\n%s", rep)
}

// TestLoadPagesRefusesRemoteTarget: a target off this machine is refused
// in one line before any request is made (10.1.2.3 would not answer: a
// request would hang until a timeout).
func TestLoadPagesRefusesRemoteTarget(t *testing.T) {
	t.Parallel()
	for _, target := range []string{"http://10.1.2.3:80", "https://example.se", "http://127.0.0.1.example.se:8080", "ftp://127.0.0.1/"} {
		start := time.Now()
		err := runLoadTest(context.Background(), []string{"--pages", "--target", target, "--duration", "1s"}, io.Discard)
		if err == nil || strings.Contains(err.Error(), "\n") || time.Since(start) > time.Second {
			t.Errorf("--target %s: error %v after %v; want a one-line refusal at once", target, err, time.Since(start))
		}
	}
}
