package web

import (
	"errors"
	"net"
	"net/http"
	"strings"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/http/i18n"
)

// Problem is an RFC 9457 problem details object, in the reader's language.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// Code is the refusal's catalogue code ("gdpr.request.unverified"), so
	// a client tells refusals of one status apart without reading prose.
	Code          string       `json:"code,omitempty"`
	CorrelationID string       `json:"correlation_id,omitempty"`
	Errors        []FieldError `json:"errors,omitempty"`
}

// FieldError names one offending input field.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Edge-only causes; each wraps into a *domain.Error so one mapping sees all.
var (
	ErrMalformed        = errors.New("malformed request")
	ErrUnsupportedMedia = errors.New("unsupported media type")
	ErrUnauthenticated  = errors.New("no signed-in actor")
	ErrMethodNotAllowed = errors.New("method not allowed")
	ErrUnavailable      = errors.New("not ready")
	ErrTooManyAttempts  = errors.New("too many attempts")
	// errPreconditionRequired: a change without the version it starts from.
	ErrPreconditionRequired = errors.New("precondition required")
)

// Classify is the ONE place an error becomes an HTTP status and a problem.
// Anything that is not a *domain.Error is internal: its detail stays in the
// log and the reader gets a generic message.
func Classify(err error, lang i18n.Lang) Problem {
	var de *domain.Error
	if !errors.As(err, &de) {
		de = domain.Internal(err)
	}
	status := StatusOf(de.Kind, err)
	title := TitleKey(de.Kind, status)
	if de.Code != "" && i18n.Has(de.Code+".title") {
		title = de.Code + ".title" // a refusal with a title of its own
	}
	p := Problem{
		Type:   "urn:klient:problem:" + KindKey(de.Kind),
		Title:  i18n.T(lang, title),
		Status: status,
		Detail: Detail(de, status, lang),
	}
	if (de.Kind != domain.KindInternal || status == http.StatusServiceUnavailable) && de.Kind != domain.KindInvalid {
		p.Code = de.Code // field errors carry theirs in Errors; a 503's code tells a client what to do next
	}
	if de.Kind == domain.KindInvalid {
		p.Errors = FieldErrors(err, lang)
	}
	return p
}

// StatusOf maps a kind to a status; the edge-only causes refine it.
func StatusOf(kind domain.Kind, err error) int {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrUnsupportedMedia):
		return http.StatusUnsupportedMediaType
	case errors.Is(err, ErrMalformed):
		return http.StatusBadRequest
	case errors.Is(err, ErrUnauthenticated):
		return http.StatusUnauthorized
	case errors.Is(err, ErrMethodNotAllowed):
		return http.StatusMethodNotAllowed
	case errors.Is(err, ErrUnavailable), Outage(err), errors.Is(err, eventstore.ErrOutcomeUnknown):
		return http.StatusServiceUnavailable
	case errors.Is(err, ErrTooManyAttempts):
		return http.StatusTooManyRequests
	case errors.Is(err, ErrPreconditionRequired):
		return http.StatusPreconditionRequired
	}
	if status, ok := kindStatus[kind]; ok {
		return status
	}
	return http.StatusInternalServerError
}

var kindStatus = map[domain.Kind]int{
	domain.KindInvalid:   http.StatusUnprocessableEntity,
	domain.KindNotFound:  http.StatusNotFound,
	domain.KindConflict:  http.StatusConflict,
	domain.KindForbidden: http.StatusForbidden,
	domain.KindErased:    http.StatusGone,
	domain.KindInternal:  http.StatusInternalServerError,
}

// statusTitle names the statuses a kind alone does not say.
var statusTitle = map[int]string{
	http.StatusBadRequest:            "problem.bad_request.title",
	http.StatusRequestEntityTooLarge: "request.too_large.title",
	http.StatusUnsupportedMediaType:  "request.content_type.title",
	http.StatusUnauthorized:          "problem.unauthenticated.title",
	http.StatusMethodNotAllowed:      "problem.method_not_allowed.title",
	http.StatusServiceUnavailable:    "problem.unavailable.title",
	http.StatusPreconditionRequired:  "problem.precondition.title",
	http.StatusTooManyRequests:       "problem.throttled.title",
}

func TitleKey(kind domain.Kind, status int) string {
	if k, ok := statusTitle[status]; ok {
		return k
	}
	return "problem." + KindKey(kind) + ".title"
}

// sqlStater is what a database driver's error offers besides its message.
type sqlStater interface{ SQLState() string }

// Outage reports an error that says the database cannot be reached now —
// the network, a refused or dropped connection, a server shutting down or
// starting, no connection slot free — rather than anything about the
// request: the answer is 503 with Retry-After, and the same request may
// succeed a moment later.
func Outage(err error) bool {
	var netErr net.Error
	if errors.As(err, &netErr) {
		return true
	}
	var st sqlStater
	if errors.As(err, &st) {
		switch code := st.SQLState(); {
		case strings.HasPrefix(code, "08"): // connection exception
			return true
		case code == "57P01", code == "57P02", code == "57P03", code == "53300": // shutdown, starting, too many connections
			return true
		}
	}
	return false
}

// RetryAfterOutage is what an answer during an outage asks a client to
// wait, in seconds.
const RetryAfterOutage = "5"
