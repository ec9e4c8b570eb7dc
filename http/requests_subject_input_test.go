package http_test

import (
	"net/http"
	"testing"
)

// The new-request form takes the person from ?subject= (the link on a
// contact's page) and from the form's subject_id. A value that is no
// contact ID at all — a NUL byte, bytes that are no UTF-8 — answered 500
// (PostgreSQL refuses the text, SQLSTATE 22021), found trying the
// register as a DPO: the link shows the empty form, the form is refused
// as one naming nobody, and nothing is written.
func TestNewRequestTakesNoSubjectThatIsNoID(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	d := a.requestsOfficer()
	before := a.events()
	for _, bad := range []string{"%00", "%FF%FE", "x%00y"} {
		rec := d.get("/gdpr/requests/new?subject=" + bad)
		wantStatus(t, rec, http.StatusOK)
		wantContains(t, rec.Body.String(), `name="request_id"`)
	}
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
