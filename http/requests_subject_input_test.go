package http_test

import (
	"net/http"
	"testing"
)

// The new-request form takes the person from ?subject= (the link on a
// contact's page) and from the form's subject_id. A value that is no
// contact ID at all — a NUL byte, bytes that are no UTF-8 — answered 500
// (PostgreSQL refuses the text, SQLSTATE 22021), found trying the
// register as a DPO. Such an address is refused (400), a link naming no
// contact's ID shows the empty form, a form with such a subject_id is
// refused as one naming nobody (422), and nothing is written.
func TestNewRequestTakesNoSubjectThatIsNoID(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	d := a.requestsOfficer()
	before := a.events()
	for _, bad := range []string{"%00", "%FF%FE", "x%00y"} { // the address itself is refused (web.RefuseUnreadable)
		rec := d.get("/gdpr/requests/new?subject=" + bad)
		wantStatus(t, rec, http.StatusBadRequest)
		wantContains(t, rec.Body.String(), "Adressen innehåller tecken som inte kan läsas.")
	}
	rec := d.get("/gdpr/requests/new?subject=inte-ett-id") // text, but no contact's ID: the empty form
	wantStatus(t, rec, http.StatusOK)
	wantAbsent(t, rec.Body.String(), "inte-ett-id")
	for _, bad := range []string{"\x00", "\xff\xfe", "0193a000-0000-7000-8000-00000000000\x00"} {
		rec := d.post("/gdpr/requests", requestForm(bad, "access", date(0), ""))
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("subject_id %q: %d, want 422", bad, rec.Code)
		}
	}
	if n := a.events(); n != before {
		t.Errorf("refused input wrote %d events", n-before)
	}
}
