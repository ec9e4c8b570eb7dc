package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/i18n"
)

// ctxKey keeps our request-scoped values apart from everyone else's.
type ctxKey int

const (
	correlationKey ctxKey = iota
	langKey
	principalKey
)

// CorrelationID returns the ID the access log and every log line of this
// request carry; commands put it in event metadata.
func CorrelationID(ctx context.Context) string {
	id, _ := ctx.Value(correlationKey).(string)
	return id
}

func withCorrelationID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, correlationKey, id)
}

// LangOf returns the language chosen for this request (Swedish by default).
func LangOf(ctx context.Context) i18n.Lang {
	if l, ok := ctx.Value(langKey).(i18n.Lang); ok {
		return l
	}
	return i18n.Default
}

func WithLang(ctx context.Context, l i18n.Lang) context.Context {
	return context.WithValue(ctx, langKey, l)
}

// CorrelationHeader carries the ID both ways, so a client or proxy that
// already has one keeps it across our logs and theirs.
const CorrelationHeader = "X-Correlation-ID"

// Correlate gives every request a correlation ID: the caller's when it is
// well-formed, a fresh UUIDv7 otherwise.
func Correlate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(CorrelationHeader)
		if !WellFormedID(id) {
			id = uuid.Must(uuid.NewV7()).String()
		}
		w.Header().Set(CorrelationHeader, id)
		next.ServeHTTP(w, r.WithContext(withCorrelationID(r.Context(), id)))
	})
}

// WellFormedID accepts short IDs of letters, digits, '-', '_' and '.': a
// caller's ID ends up in our logs, so it must not be able to forge lines or
// smuggle personal data in bulk.
func WellFormedID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		ok := c == '-' || c == '_' || c == '.' ||
			('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
		if !ok {
			return false
		}
	}
	return true
}

// Recorder remembers what a handler wrote, for the access log and for the
// recoverer's "is it too late to send an error page" question.
type Recorder struct {
	http.ResponseWriter
	status  int
	bytes   int64
	tokenID string // the API token the guard found, for the request's log line
}

// noteToken tells the request's log line which API token was used, so
// every use of a token is logged under it, writes and refusals too (the
// access log holds the reads of personal data). It finds the Recorder
// through the writers wrapped around it.
func noteToken(w http.ResponseWriter, id string) {
	for w != nil {
		if rec, ok := w.(*Recorder); ok {
			rec.tokenID = id
			return
		}
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			return
		}
		w = u.Unwrap()
	}
}

func (w *Recorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *Recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *Recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *Recorder) Started() bool { return w.status != 0 }

// LogAccess writes one line per request. It logs the route pattern, never
// the path or query: paths hold IDs and queries may hold search terms, and
// neither bodies nor personal data belong in logs.
func LogAccess(log *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			rec := &Recorder{ResponseWriter: w}
			next.ServeHTTP(rec, r)
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			attrs := []slog.Attr{slog.String("method", r.Method),
				slog.String("route", RoutePattern(r)),
				slog.Int("status", status),
				slog.Int64("bytes", rec.bytes),
				slog.Duration("duration", time.Since(start)),
				slog.String("correlation_id", CorrelationID(r.Context()))}
			if rec.tokenID != "" {
				attrs = append(attrs, slog.String("token_id", rec.tokenID))
			}
			log.LogAttrs(r.Context(), LevelOf(r, status), "http request", attrs...)
		})
	}
}

// LevelOf is how loud a request's outcome is logged: a 5xx is an error,
// unless the client had gone away (its request's context ended) and the
// request failed with it, which is no fault of the server's.
func LevelOf(r *http.Request, status int) slog.Level {
	if status == http.StatusServiceUnavailable {
		return slog.LevelWarn // an outage is logged where it is seen, not at every request it refuses
	}
	if status >= 500 && r.Context().Err() == nil {
		return slog.LevelError
	}
	return slog.LevelInfo
}

// RoutePattern is chi's matched pattern ("/contacts/{id}"), or a fixed
// placeholder for requests no route matched.
func RoutePattern(r *http.Request) string {
	if rc := chi.RouteContext(r.Context()); rc != nil {
		if p := rc.RoutePattern(); p != "" {
			return p
		}
	}
	return "(unmatched)"
}

// Recoverer turns a panic into a 500 page or problem so no stack trace ever
// reaches a user; the stack goes to the log. It must sit directly inside
// accessLog so it can tell whether a response has already started.
func (s *Kit) Recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v) // net/http's own signal to drop the connection quietly
			}
			s.log.LogAttrs(r.Context(), slog.LevelError, "panic in handler",
				slog.String("panic_type", fmt.Sprintf("%T", v)), // the value is withheld: it may hold personal data
				slog.String("route", RoutePattern(r)),
				slog.String("correlation_id", CorrelationID(r.Context())),
				slog.String("stack", string(debug.Stack())))
			if rec, ok := w.(*Recorder); ok && rec.Started() {
				return // too late for an error page; the client sees a cut response
			}
			s.Fail(w, r, domain.Internal(fmt.Errorf("panic of type %T (value withheld)", v)))
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows no inline script or style and no framing: the
// pages work without JavaScript and all style lives in /static.
const contentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

// RefuseUnreadable answers a query holding a character no text holds —
// a NUL byte, or bytes that are no UTF-8 — before any handler looks
// anything up by it: PostgreSQL refuses such text (SQLSTATE 22021), which
// answered 500. Such a query is bad input (400). (A path is made plain
// by PlainPath, which runs first, so it answers as an unknown ID does.)
func (s *Kit) RefuseUnreadable(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, vs := range r.URL.Query() {
			for _, v := range vs {
				if !Readable(v) {
					s.Fail(w, r, BadRequest(ErrMalformed, "", "request.unreadable", "the address holds characters that cannot be read"))
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// Readable reports whether s can be text in the database (no NUL byte,
// valid UTF-8).
func Readable(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// SecurityHeaders sets the headers every response carries. Responses are
// not cacheable by default because nearly every page shows personal data;
// the static handler overrides Cache-Control for its own files.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// ErrCrossOrigin marks a request CrossOriginProtection refused.
var ErrCrossOrigin = domain.Forbidden("cross-origin request refused").WithCode("request.cross_origin")

// CrossOrigin refuses state-changing browser requests from other origins
// (CSRF) using the standard library's Sec-Fetch-Site/Origin check; the
// refusal is an ordinary 403 page or problem in the reader's language.
func (s *Kit) CrossOrigin() (func(http.Handler) http.Handler, error) {
	cop := http.NewCrossOriginProtection()
	for _, o := range s.cfg.TrustedOrigins {
		if err := cop.AddTrustedOrigin(o); err != nil {
			return nil, err
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Refused(r, s.KnownStaffID(r), "cross_origin")
		s.Fail(w, r, ErrCrossOrigin)
	}))
	return cop.Handler, nil
}

// LimitBody caps what a handler can read; reading past the cap fails with
// *http.MaxBytesError, which the problem mapping answers with 413. The API
// and the HTML forms get different caps (Config.MaxJSONBytes, MaxFormBytes).
func LimitBody(max int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Body = http.MaxBytesReader(w, r.Body, max)
			next.ServeHTTP(w, r)
		})
	}
}

// ChooseLang picks the language of the response: the person's own choice
// (cookie), else Swedish for a page and what the client asks for in
// Accept-Language for the API. Pages do not follow the browser: the firm
// works in Swedish, and a browser set up in English on a Swedish firm's
// laptop is common; English is one click on the language switch away. A
// program reading problem details says in its request which language it
// wants.
func ChooseLang(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := i18n.Default
		if WantsProblem(r) {
			lang = negotiateLang(r.Header.Get("Accept-Language"))
			w.Header().Add("Vary", "Accept-Language")
		}
		if c, err := r.Cookie(LangCookie); err == nil {
			if l, ok := parseLang(c.Value); ok {
				lang = l
			}
		}
		w.Header().Set("Content-Language", string(lang))
		w.Header().Add("Vary", "Cookie")
		next.ServeHTTP(w, r.WithContext(WithLang(r.Context(), lang)))
	})
}

// Langs lists every language the catalogue speaks, in the order the
// language switch shows them.
func Langs() []i18n.Lang { return []i18n.Lang{i18n.Swedish, i18n.English} }

// parseLang accepts a language tag the catalogue speaks ("sv", "en-GB")
// and says whether it was one.
func parseLang(tag string) (i18n.Lang, bool) {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	for _, l := range Langs() {
		if primary == string(l) {
			return l, true
		}
	}
	return i18n.Default, false
}

// negotiateLang picks the supported language an Accept-Language header
// prefers most, or i18n.Default. Norwegian and Danish readers get Swedish:
// they read it more easily than English.
func negotiateLang(acceptLanguage string) i18n.Lang {
	best, bestQ := i18n.Default, -1.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, q := weighted(part)
		l, ok := parseLang(tag)
		if !ok {
			l, ok = i18n.Swedish, isScandinavian(tag)
		}
		if ok && q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// weighted splits "en-GB;q=0.8" into its tag and quality (1 when absent).
func weighted(part string) (string, float64) {
	tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
	q := 1.0
	if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			q = f
		}
	}
	if q <= 0 {
		return "", 0
	}
	return tag, q
}

func isScandinavian(tag string) bool {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	return primary == "no" || primary == "nb" || primary == "nn" || primary == "da"
}

// PlainPath replaces, in the decoded path, every NUL byte and every byte
// that is not UTF-8 with U+FFFD before routing. No ID, slug or file name
// holds one, and PostgreSQL refuses to compare them with text (SQLSTATE
// 22021), which answered a 500; replaced, such an ID names nothing and the
// route answers exactly as for an unknown ID.
func PlainPath(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; !utf8.ValidString(p) || strings.ContainsRune(p, 0) {
			u := *r.URL
			u.Path = strings.ReplaceAll(strings.ToValidUTF8(p, "\ufffd"), "\x00", "\ufffd")
			u.RawPath = ""
			r = r.Clone(r.Context())
			r.URL = &u
		}
		next.ServeHTTP(w, r)
	})
}
