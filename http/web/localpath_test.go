package web

import "testing"

// A return address must stay on this site. The cases come from how a
// browser parses a Location (WHATWG URL standard): it removes ASCII tab and
// newline anywhere, reads a backslash as a slash in http(s) URLs, and takes
// "//host" as another host.
func TestLocalPathKeepsReturnsOnThisSite(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"/contacts", "/contacts"},
		{"/matters/01900000-0000-7000-8000-000000000000/tasks", "/matters/01900000-0000-7000-8000-000000000000/tasks"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r/evil.example", "/"},
		{"//evil.example", "/"},
		{"/\\evil.example", "/"},
		{"\\/evil.example", "/"},
		{"https://evil.example/", "/"},
		{"evil.example", "/"},
		{"/contacts?q=Anna", "/"},
		{"/contacts#top", "/"},
		{"/ /evil.example", "/"},
		{"/\x00", "/"},
		{"", "/"},
	} {
		if got := LocalPath(c.in); got != c.want {
			t.Errorf("LocalPath(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
