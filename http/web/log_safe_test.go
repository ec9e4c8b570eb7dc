package web

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain"
)

// pgLike stands in for a driver error whose message quotes a value.
type pgLike struct{}

func (pgLike) Error() string    { return `duplicate key: Key (email)=(anna@example.se) already exists` }
func (pgLike) SQLState() string { return "23505" }

func TestLoggableKeepsPersonalDataOut(t *testing.T) {
	t.Parallel()
	cases := []struct {
		err  error
		want string
	}{
		{domain.Internal(fmt.Errorf("insert: %w", pgLike{})), "internal : internal error: database error 23505"},
		{errors.Join(domain.Invalid("personnummer", "check digit").WithCode("contact.personnummer.checksum"), pgLike{}),
			"invalid personnummer: check digit (contact.personnummer.checksum); database error 23505"},
	}
	for _, c := range cases {
		got := Loggable(c.err)
		if got != c.want || strings.Contains(got, "anna@") {
			t.Errorf("loggable = %q, want %q", got, c.want)
		}
	}
	if got := Loggable(errors.New(strings.Repeat("x", 2000))); len(got) > maxLoggedError+len("…") {
		t.Errorf("loggable did not bound a long error: %d bytes", len(got))
	}
}
