package http_test

import (
	"net/http"
	"net/url"
	"testing"
)

// A search of the audit trail with a character no text holds — a NUL
// byte, or bytes that are no UTF-8 — in who, whom, which matter or what
// answered 500 (PostgreSQL refuses such text: SQLSTATE 22021), on the
// page and in its CSV alike (found trying the trail as an auditor). It is
// bad input: 400, with a Swedish message naming what to correct. So are
// such words typed to find a person or a matter.
func TestAuditTrailRefusesTextNoTextHolds(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	_, auditor := a.auditor()
	for _, path := range []string{"/audit", "/audit/trail.csv"} {
		for _, q := range []string{"type=%00", "subject=%00", "matter=a%00b", "actor=%00", "type=%FF%FE"} {
			rec := auditor.get(path + "?" + q)
			wantStatus(t, rec, http.StatusBadRequest)
			wantContains(t, rec.Body.String(), "Adressen innehåller tecken som inte kan läsas.") // web.RefuseUnreadable
		}
	}
	for _, words := range []url.Values{{"subject_q": {"Ås\x00a"}}, {"matter_q": {"\xff\xfe"}}, {"subject_q": {"Åsa"}, "type": {"\x00"}}} {
		rec := auditor.post("/audit", words)
		wantStatus(t, rec, http.StatusBadRequest)
		wantContains(t, rec.Body.String(), "Sökningen innehåller tecken som inte kan sökas på.")
	}
}
