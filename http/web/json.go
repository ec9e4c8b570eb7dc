package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strconv"
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
	if UnstorableText(err) {
		err = BadRequest(errors.Join(ErrMalformed, err), "", "request.text.unstorable",
			"the request holds a NUL byte or bytes that are not UTF-8")
	}
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
	if (status == http.StatusServiceUnavailable || status == http.StatusUnauthorized) && de.Code != "" && i18n.Has(de.Code) {
		// what this unavailability means (a change that may have been
		// saved), or why the credentials fail (an expired token)
		return i18n.T(lang, de.Code)
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
		return i18n.T(lang, de.Code, de.Args...)
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

// Fail answers err the way the caller reads: a problem document for API
// clients, an error page for browsers. Handlers with a form to re-show use
// classify directly instead.
func (s *Kit) Fail(w http.ResponseWriter, r *http.Request, err error) {
	if WantsProblem(r) {
		s.WriteProblem(w, r, err)
		return
	}
	p := s.ProblemFor(r, err)
	if p.Status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", RetryAfterOutage)
	}
	s.RenderPage(w, r, p.Status, "error", ErrorPage{Problem: p})
}

// WantsProblem: everything under /api and the probes speak JSON, as does a
// client that asks for JSON and not HTML.
func WantsProblem(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
		return true
	}
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "json") && !strings.Contains(accept, "text/html")
}

// ProblemFor classifies err for this request and logs what the reader will
// not see: the cause of a 5xx in full, anything else briefly.
func (s *Kit) ProblemFor(r *http.Request, err error) Problem {
	p := Classify(err, LangOf(r.Context()))
	p.CorrelationID = CorrelationID(r.Context())
	s.log.LogAttrs(r.Context(), LevelOf(r, p.Status), "request failed",
		slog.Int("status", p.Status),
		slog.String("route", RoutePattern(r)),
		slog.String("error", domain.Loggable(err)),
		slog.String("correlation_id", p.CorrelationID))
	return p
}

// WriteProblem sends err as application/problem+json.
func (s *Kit) WriteProblem(w http.ResponseWriter, r *http.Request, err error) {
	SendProblem(w, s.ProblemFor(r, err))
}

func SendProblem(w http.ResponseWriter, p Problem) {
	if p.Status == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", RetryAfterOutage)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// WriteJSON sends v with status; encoding our own types cannot fail short of
// a broken connection, which nobody could be told about anyway.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// ErrorPage is the view of the page shown for an error no form can show.
type ErrorPage struct {
	Problem Problem
}

// HasCode reports whether err is a *domain.Error with catalogue code code.
func HasCode(err error, code string) bool {
	var de *domain.Error
	return errors.As(err, &de) && de.Code == code
}

// VersionETag is a record's version as an ETag, which an API client sends
// back in If-Match.
func VersionETag(v uint64) string { return `"` + strconv.FormatUint(v, 10) + `"` }

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

// UnstorableText: PostgreSQL refused a value of the request as text, a NUL
// byte (22021) or bytes its encoding lacks (22P05). Nothing with such a
// value can exist, so the request is bad input (400), not our failure; a
// path never gets here (PlainPath).
func UnstorableText(err error) bool {
	var pg interface{ SQLState() string }
	return errors.As(err, &pg) && (pg.SQLState() == "22021" || pg.SQLState() == "22P05")
}
