package eventstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// errWithheld stands in for a JSON error whose text may quote a value.
var errWithheld = errors.New("json error (detail withheld: it may quote personal data)")

// safeJSONError keeps what locates a JSON failure (field, Go type, offset)
// and drops what could quote personal data (values, characters), because
// errors reach the logs.
func safeJSONError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var unsupportedType *json.UnsupportedTypeError
	switch {
	case errors.As(err, &typeErr):
		kind, _, _ := strings.Cut(typeErr.Value, " ") // "number 42" -> "number"
		return fmt.Errorf("json: field %q (%s) cannot hold a JSON %s", typeErr.Field, typeErr.Type, kind)
	case errors.As(err, &syntaxErr):
		return fmt.Errorf("json: syntax error at offset %d", syntaxErr.Offset)
	case errors.As(err, &unsupportedType):
		return err // names a Go type only
	}
	return errWithheld
}
