package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
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

func TestDecodeJSONExplainsEveryMistake(t *testing.T) {
	t.Parallel()
	type target struct {
		Name  string `json:"name"`
		Count int    `json:"count"`
	}
	cases := []struct {
		name, contentType, body string
		status                  int
		code, field             string
	}{
		{"ok", "application/json", `{"name":"x","count":1}`, 0, "", ""},
		{"ok with charset", "application/json; charset=utf-8", `{"name":"x"} `, 0, "", ""},
		{"malformed", "application/json", `{"name":`, 400, "request.json.malformed", ""},
		{"syntax", "application/json", `{"name" "x"}`, 400, "request.json.malformed", ""},
		{"empty", "application/json", ``, 400, "request.json.empty", ""},
		{"two objects", "application/json", `{}{}`, 400, "request.json.trailing", ""},
		{"unknown field", "application/json", `{"nmae":"x"}`, 400, "request.json.unknown_field", "nmae"},
		{"wrong type", "application/json", `{"count":"many"}`, 400, "request.json.wrong_type", "count"},
		{"form instead", "application/x-www-form-urlencoded", `name=x`, 415, "request.content_type", ""},
	}
	for _, c := range cases {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(c.body))
		req.Header.Set("Content-Type", c.contentType)
		var v target
		err := DecodeJSON(req, &v)
		if c.status == 0 {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		p := Classify(err, i18n.Swedish)
		de, _ := err.(*domain.Error)
		if p.Status != c.status || de == nil || de.Code != c.code || de.Field != c.field || !i18n.Has(c.code) {
			t.Errorf("%s: status %d, error %#v; want %d %s %q", c.name, p.Status, err, c.status, c.code, c.field)
		}
	}
}
