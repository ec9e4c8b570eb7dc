package contact

import (
	"errors"
	"testing"

	"github.com/klient-crm/klient/domain"
)

// assertInvalid fails unless err is a KindInvalid *domain.Error for field
// with the given catalogue code.
func assertInvalid(t *testing.T, err error, field, code string) {
	t.Helper()
	var e *domain.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want *domain.Error %s", err, code)
	}
	if e.Kind != domain.KindInvalid || e.Field != field || e.Code != code {
		t.Fatalf("got %s field %q code %q, want invalid %q %q", e.Kind, e.Field, e.Code, field, code)
	}
}

// codeOf is the catalogue code of the first *domain.Error in err.
func codeOf(err error) string {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// fieldsOf lists "field code" of every problem err joins.
func fieldsOf(err error) []string {
	var out []string
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			out = append(out, fieldsOf(e)...)
		}
		return out
	}
	var e *domain.Error
	if errors.As(err, &e) {
		out = append(out, e.Field+" "+e.Code)
	}
	return out
}
