package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/i18n"
)

func TestClassifyKindsToStatuses(t *testing.T) {
	t.Parallel()
	cases := []struct {
		err    error
		status int
	}{
		{domain.Invalid("name", "required").WithCode("request.field.required"), 422},
		{BadRequest(ErrMalformed, "", "request.json.malformed", "bad"), 400},
		{domain.NotFound("no contact"), 404},
		{fmt.Errorf("wrapped: %w", domain.Conflict("stale")), 409},
		{domain.Forbidden("no"), 403},
		{domain.Erased("gone"), 410},
		{domain.Internal(errors.New("db down")), 500},
		{errors.New("a plain error"), 500},
		{&domain.Error{Kind: "brand_new_kind", Message: "?"}, 500},
		{&domain.Error{Kind: domain.KindInvalid, Err: &http.MaxBytesError{Limit: 1}}, 413},
		{&domain.Error{Kind: domain.KindInvalid, Err: ErrUnsupportedMedia}, 415},
		{&domain.Error{Kind: domain.KindForbidden, Err: ErrUnauthenticated}, 401},
	}
	for _, c := range cases {
		if p := Classify(c.err, i18n.Swedish); p.Status != c.status || p.Title == "" || p.Detail == "" {
			t.Errorf("%v: %+v, want status %d with title and detail", c.err, p, c.status)
		}
	}
}

func TestInternalDetailStaysInTheLog(t *testing.T) {
	t.Parallel()
	p := Classify(domain.Internal(errors.New("pq: password authentication failed for user klient")), i18n.English)
	if strings.Contains(p.Detail+p.Title, "password") || p.Detail != "Try again in a moment. Contact support if it keeps happening." {
		t.Errorf("internal problem leaks or is wrong: %+v", p)
	}
}

func TestJoinedFieldErrorsAreAllListedAndTranslated(t *testing.T) {
	t.Parallel()
	err := errors.Join(
		domain.Invalid("given_name", "required").WithCode("request.field.required"),
		domain.Invalid("emails[1].address", "some rule not yet translated").WithCode("contact.email.brand_new_rule"),
	)
	sv, en := Classify(err, i18n.Swedish), Classify(err, i18n.English)
	if sv.Status != 422 || len(sv.Errors) != 2 {
		t.Fatalf("joined errors: %+v", sv)
	}
	want := FieldError{Field: "given_name", Code: "request.field.required", Message: "Fältet måste fyllas i."}
	if sv.Errors[0] != want {
		t.Errorf("first field error = %+v, want %+v", sv.Errors[0], want)
	}
	if en.Errors[1].Message != "some rule not yet translated" || sv.Errors[1].Message == "" {
		t.Errorf("untranslated code fallback: sv %+v en %+v", sv.Errors[1], en.Errors[1])
	}
	if sv.Detail != "En eller flera uppgifter behöver rättas." {
		t.Errorf("detail = %q", sv.Detail)
	}
}

func TestConflictDetailIsTranslated(t *testing.T) {
	t.Parallel()
	p := Classify(domain.Conflict("this record was changed by someone else"), i18n.Swedish)
	if p.Title != "Ändrad av någon annan" || !strings.Contains(p.Detail, "Ladda om") {
		t.Errorf("conflict: %+v", p)
	}
}
