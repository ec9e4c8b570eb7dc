package web

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/http/i18n"
)

// stateError is a driver error with a SQLSTATE, as pgconn.PgError is.
type stateError string

func (e stateError) Error() string    { return "server said " + string(e) }
func (e stateError) SQLState() string { return string(e) }

// While the database cannot be reached, an answer is 503 with Retry-After
// (issue 11, item 15: it was 500 internal). The codes are PostgreSQL's
// (Appendix A, SQLSTATE): class 08 connection exception, 57P01
// admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300
// too_many_connections; a constraint violation (23505) is no outage.
func TestAnOutageIs503WithRetryAfter(t *testing.T) {
	t.Parallel()
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	for _, c := range []struct {
		err    error
		outage bool
	}{
		{fmt.Errorf("read contacts: %w", dial), true},
		{domain.Internal(fmt.Errorf("append: %w", stateError("08006"))), true},
		{stateError("08001"), true},
		{stateError("57P01"), true},
		{stateError("57P02"), true},
		{stateError("57P03"), true},
		{stateError("53300"), true},
		{stateError("23505"), false},
		{errors.New("something else"), false},
	} {
		if got := Outage(c.err); got != c.outage {
			t.Errorf("Outage(%v) = %v, want %v", c.err, got, c.outage)
		}
		want := http.StatusInternalServerError
		if c.outage {
			want = http.StatusServiceUnavailable
		}
		if got := Classify(c.err, i18n.Swedish).Status; got != want {
			t.Errorf("Classify(%v).Status = %d, want %d", c.err, got, want)
		}
	}
	rec := httptest.NewRecorder()
	SendProblem(rec, Classify(dial, i18n.Swedish))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("an outage answered %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
}

// An append whose answer was lost may have been saved: 503 with
// Retry-After, a code a client can act on, and a detail that says the
// same change may be sent again (issue 13: "outcome unknown"). The cause,
// which names the stream, stays in the log.
func TestOutcomeUnknownIs503WithRetryAfter(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("register person: %w", eventstore.OutcomeUnknown("contact-0192", errors.New("deadline exceeded")))
	p := Classify(err, i18n.Swedish)
	if p.Status != http.StatusServiceUnavailable || p.Code != "store.outcome_unknown" {
		t.Fatalf("Classify: %d %q, want 503 store.outcome_unknown", p.Status, p.Code)
	}
	if p.Title != "Ändringen kunde inte bekräftas" || !strings.Contains(p.Detail, "skicka samma ändring igen") ||
		strings.Contains(p.Detail, "contact-0192") {
		t.Errorf("title %q, detail %q: want the Swedish words that it may be saved and can be sent again", p.Title, p.Detail)
	}
	rec := httptest.NewRecorder()
	SendProblem(rec, p)
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("answered %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
}
