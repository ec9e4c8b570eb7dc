// Package webtest holds what the web edge's tests share across context
// packages: checks of what a page or body shows. Tests only.
package webtest

import (
	"strings"
	"testing"
)

// WantContains fails t for each part the page lacks.
func WantContains(t testing.TB, page string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(page, p) {
			t.Errorf("page lacks %q", p)
		}
	}
}

// WantAbsent fails t for each part the page shows. It takes its
// arguments in WantContains' order, (t, page, parts...): the two once
// differed, and calls written in one helper's order against the other's
// looked for nothing. Called with nothing to look for it fails too. A
// failure quotes the text around the part, which tells which page it was.
func WantAbsent(t testing.TB, page string, parts ...string) {
	t.Helper()
	if len(parts) == 0 {
		t.Fatalf("WantAbsent: nothing to look for in %.60q", page)
	}
	for _, p := range parts {
		if p == "" {
			continue
		}
		if i := strings.Index(page, p); i >= 0 {
			from, to := max(0, i-60), min(len(page), i+len(p)+60)
			t.Errorf("page shows %q: …%s…", p, page[from:to])
		}
	}
}

// Must fails t at once on err.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
