package http_test

import (
	"net/http"
	"testing"
)

// A search of the audit trail with a character no text holds — a NUL
// byte, or bytes that are no UTF-8 — in who, whom, which matter or what
// answered 500 (PostgreSQL refuses such text: SQLSTATE 22021), on the
// page and in its CSV alike (found trying the trail as an auditor). It is
// bad input: 400, with a Swedish message naming what to correct.
func TestAuditTrailRefusesTextNoTextHolds(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	_, auditor := a.auditor()
	for _, path := range []string{"/audit", "/audit/trail.csv"} {
		for _, q := range []string{"type=%00", "subject=%00", "matter=a%00b", "actor=%00", "type=%FF%FE"} {
			rec := auditor.get(path + "?" + q)
			wantStatus(t, rec, http.StatusBadRequest)
			wantContains(t, rec.Body.String(), "Sökningen innehåller tecken som inte kan sökas på.")
		}
	}
}
