package web

import (
	"errors"
	"net/http"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/i18n"
)

// KindKey is the catalogue stem of a kind; an unknown kind is internal, so a
// new kind added to domain never leaks its English message.
func KindKey(kind domain.Kind) string {
	if _, ok := kindStatus[kind]; ok {
		return string(kind)
	}
	return string(domain.KindInternal)
}

// Detail says what went wrong. Internal errors never say more than the
// generic message; field errors are listed separately, so an invalid
// request with fields gets the generic "correct the fields" line.
func Detail(de *domain.Error, status int, lang i18n.Lang) string {
	if status == http.StatusServiceUnavailable && de.Code != "" && i18n.Has(de.Code) {
		return i18n.T(lang, de.Code) // what this unavailability means (a change that may have been saved)
	}
	if key, ok := statusDetail[status]; ok {
		return i18n.T(lang, key)
	}
	switch {
	case de.Kind == domain.KindInternal:
		return i18n.T(lang, "problem.internal.detail")
	case de.Kind == domain.KindInvalid && de.Field != "":
		return i18n.T(lang, "problem.invalid.detail")
	}
	return MessageOf(de, lang, "problem."+KindKey(de.Kind)+".detail")
}

// statusDetail holds the statuses whose detail is always the same.
var statusDetail = map[int]string{
	http.StatusUnauthorized:       "problem.unauthenticated.detail",
	http.StatusMethodNotAllowed:   "problem.method_not_allowed.detail",
	http.StatusServiceUnavailable: "problem.unavailable.detail",
}

// MessageOf translates de's Code. A code the catalogue lacks (a new rule not
// yet translated) falls back to the domain's English message for English
// readers and to the generic line for everyone else.
func MessageOf(de *domain.Error, lang i18n.Lang, fallback string) string {
	if de.Code != "" && i18n.Has(de.Code) {
		return i18n.T(lang, de.Code)
	}
	if lang == i18n.English && de.Message != "" {
		return de.Message
	}
	return i18n.T(lang, fallback)
}

// FieldErrors lists every invalid field in err, which may join several.
func FieldErrors(err error, lang i18n.Lang) []FieldError {
	var out []FieldError
	for _, de := range Invalids(err) {
		if de.Field == "" {
			continue
		}
		out = append(out, FieldError{Field: de.Field, Code: de.Code,
			Message: MessageOf(de, lang, "problem.invalid.detail")})
	}
	return out
}

// Invalids walks err's tree (errors.Join included) for invalid-kind errors;
// errors.As alone would stop at the first.
func Invalids(err error) []*domain.Error {
	if multi, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*domain.Error
		for _, e := range multi.Unwrap() {
			out = append(out, Invalids(e)...)
		}
		return out
	}
	var de *domain.Error
	if errors.As(err, &de) && de.Kind == domain.KindInvalid {
		return []*domain.Error{de}
	}
	return nil
}
