package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/klient-crm/klient/domain"
)

// DecodeJSON reads exactly one JSON object from r into dst, refusing unknown
// fields, wrong types, a wrong content type and oversize bodies with errors a
// person can act on. Nothing is written before the body is fully valid.
func DecodeJSON(r *http.Request, dst any) error {
	if !IsJSON(r.Header.Get("Content-Type")) {
		return BadRequest(ErrUnsupportedMedia, "", "request.content_type", "the body must be sent as application/json")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return JSONError(err, "")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return JSONError(err, "") // trailing data, or the body was too large
	}
	return nil
}

// DecodeStrict decodes a fragment already in memory (a details object)
// with the same rules; prefix names where it sits in the request body.
func DecodeStrict(raw []byte, dst any, prefix string) error {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return JSONError(err, prefix)
	}
	return nil
}

func IsJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// jsonError turns encoding/json's errors into invalid-kind errors whose
// cause (errMalformed or *http.MaxBytesError) picks 400 or 413.
func JSONError(err error, prefix string) error {
	var (
		tooLarge *http.MaxBytesError
		syntax   *json.SyntaxError
		typ      *json.UnmarshalTypeError
	)
	switch {
	case err == nil:
		return BadRequest(ErrMalformed, "", "request.json.trailing", "the body must hold exactly one JSON object")
	case errors.As(err, &tooLarge):
		return &domain.Error{Kind: domain.KindInvalid, Code: "request.too_large",
			Message: fmt.Sprintf("the body is larger than %d bytes", tooLarge.Limit), Err: err}
	case errors.Is(err, io.EOF):
		return BadRequest(ErrMalformed, "", "request.json.empty", "the body is empty; a JSON object was expected")
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return BadRequest(errors.Join(ErrMalformed, err), "", "request.json.malformed", "the body is not valid JSON")
	case errors.As(err, &typ):
		return BadRequest(ErrMalformed, join(prefix, typ.Field), "request.json.wrong_type",
			fmt.Sprintf("this field must be a JSON %s", typ.Type.Kind()))
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return BadRequest(ErrMalformed, join(prefix, strings.Trim(name, `"`)), "request.json.unknown_field", "this field is unknown")
	}
	return BadRequest(errors.Join(ErrMalformed, err), "", "request.json.malformed", "the body is not valid JSON")
}

// BadRequest builds an invalid-kind error with a 400-making cause.
func BadRequest(cause error, field, code, message string) *domain.Error {
	return &domain.Error{Kind: domain.KindInvalid, Field: field, Code: code, Message: message, Err: cause}
}

// join builds a dotted field path.
func join(prefix, field string) string {
	if prefix == "" || field == "" {
		return prefix + field
	}
	return prefix + "." + field
}

// FormError explains why a form body could not be read: too large (413) or
// not a form at all (400).
func FormError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return &domain.Error{Kind: domain.KindInvalid, Code: "request.too_large", Message: "the form is too large", Err: err}
	}
	return BadRequest(errors.Join(ErrMalformed, err), "", "request.form.malformed", "the form could not be read")
}
