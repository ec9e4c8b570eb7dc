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

// WantNone fails t for each part what (a description: the page, the
// panel) shows in body. Called with nothing to look for it fails too: a
// call that passed the body as what would otherwise assert nothing.
func WantNone(t testing.TB, what, body string, parts ...string) {
	t.Helper()
	if len(parts) == 0 {
		t.Fatalf("WantNone(%.40q): nothing to look for; the arguments are (t, what, body, parts...)", what)
	}
	if len(what) > 200 {
		// A page passed as what: the call would look for parts[1:] in parts[0].
		t.Fatalf("WantNone: what is %d bytes, a page rather than a description; the arguments are (t, what, body, parts...)", len(what))
	}
	for _, p := range parts {
		if p != "" && strings.Contains(body, p) {
			t.Errorf("%s shows %q", what, p)
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
