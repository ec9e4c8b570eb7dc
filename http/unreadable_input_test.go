package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/access"
)

// An address with a character no text holds — a NUL byte, or bytes that
// are no UTF-8 — in its path or query answered 500 on the DPO's registers
// (a breach, a processor, an impact assessment, an access review: found
// trying them from outside), because PostgreSQL refuses such text
// (SQLSTATE 22021). No record can be named so: the path answers exactly
// as an unknown ID does (404), and a query is bad input (400), each in
// Swedish; nothing is written.
func TestAddressesWithUnreadableCharactersAreRefused(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	dpo := a.as(a.signIn(a.member(access.RoleDPO).ID))
	unknown := dpo.get("/registers/breaches/01900000-0000-7000-8000-0000000000ff")
	wantStatus(t, unknown, http.StatusNotFound)
	before := a.events()
	for _, bad := range []string{"%00", "%FF%FE", "a%00b"} {
		for _, path := range []string{"/registers/breaches/", "/registers/processors/", "/registers/dpias/", "/registers/access-reviews/", "/gdpr/requests/"} {
			rec, unknownID := dpo.get(path+bad), dpo.get(path+"01900000-0000-7000-8000-0000000000fe")
			wantStatus(t, rec, http.StatusNotFound)
			if got, want := errorPanelText(rec.Body.String()), errorPanelText(unknownID.Body.String()); got != want || want == "" {
				t.Errorf("%s%s says %q; an unknown ID says %q", path, bad, got, want)
			}
		}
		wantStatus(t, dpo.post("/registers/access-reviews/"+bad+"/decisions", url.Values{"x": {"y"}}), http.StatusNotFound)
		rec := dpo.get("/registers/breaches?q=" + bad)
		wantStatus(t, rec, http.StatusBadRequest)
		wantContains(t, rec.Body.String(), "Adressen innehåller tecken som inte kan läsas.")
	}
	if n := a.events(); n != before {
		t.Errorf("refused addresses wrote %d events", n-before)
	}
}

// errorPanelText is an error page's heading and message, without the
// support reference (which differs per request).
func errorPanelText(page string) string {
	i := strings.Index(page, `class="panel error-panel"`)
	if i < 0 {
		return ""
	}
	page = page[i:]
	if j := strings.Index(page, "Referens för support"); j >= 0 {
		page = page[:j]
	}
	return page
}
