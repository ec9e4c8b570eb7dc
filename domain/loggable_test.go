package domain_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/klient-crm/klient/domain"
)

// pgLike stands in for a PostgreSQL driver error (pgconn.PgError): its
// message quotes the value that broke a constraint.
type pgLike struct{}

func (pgLike) Error() string {
	return `duplicate key value violates unique constraint: Key (email)=(anna@example.se) already exists`
}
func (pgLike) SQLState() string { return "23505" }

func TestLoggableKeepsOnlyWhatHoldsNoPersonalData(t *testing.T) {
	t.Parallel()
	invalid := domain.Invalid("personnummer", "check digit").WithCode("contact.personnummer.checksum")
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"database error: its code only", pgLike{}, "database error 23505"},
		{"wrapped database error", fmt.Errorf("insert contact anna@example.se: %w", pgLike{}), "database error 23505"},
		{"domain error: kind, field, message, code", invalid, "invalid personnummer: check digit (contact.personnummer.checksum)"},
		{"domain error's cause by the same rule", domain.Internal(fmt.Errorf("insert: %w", pgLike{})), "internal : internal error: database error 23505"},
		{"joined, one by one", errors.Join(invalid, pgLike{}), "invalid personnummer: check digit (contact.personnummer.checksum); database error 23505"},
		{"nested joins", errors.Join(errors.Join(pgLike{}, errors.New("timeout")), invalid),
			"database error 23505; timeout; invalid personnummer: check digit (contact.personnummer.checksum)"},
		{"our own errors say their message", errors.New("wrong master key?"), "wrong master key?"},
		{"a nil *Error", (*domain.Error)(nil), "<nil>"},
	}
	for _, c := range cases {
		if got := domain.Loggable(c.err); got != c.want || strings.Contains(got, "anna@") {
			t.Errorf("%s: Loggable = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestLoggableIsBounded(t *testing.T) {
	t.Parallel()
	for _, long := range []string{strings.Repeat("x", 2000), strings.Repeat("å", 1000)} {
		got := domain.Loggable(errors.New(long))
		if len(got) > domain.MaxLoggable+len("…") || !strings.HasSuffix(got, "…") || !utf8.ValidString(got) {
			t.Errorf("Loggable of %d bytes = %d bytes, valid UTF-8 %v", len(long), len(got), utf8.ValidString(got))
		}
	}
}
