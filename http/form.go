package http

import (
	"errors"
	"net/http"

	"github.com/klient-crm/klient/domain"
)

// formError explains why a form body could not be read: too large (413) or
// not a form at all (400).
func formError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return &domain.Error{Kind: domain.KindInvalid, Code: "request.too_large", Message: "the form is too large", Err: err}
	}
	return badRequest(errors.Join(errMalformed, err), "", "request.form.malformed", "the form could not be read")
}
