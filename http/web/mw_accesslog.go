package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
)

// Recorder remembers what a handler wrote, for the access log and for the
// recoverer's "is it too late to send an error page" question.
type Recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
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
			log.LogAttrs(r.Context(), LevelOf(r, status), "http request",
				slog.String("method", r.Method),
				slog.String("route", RoutePattern(r)),
				slog.Int("status", status),
				slog.Int64("bytes", rec.bytes),
				slog.Duration("duration", time.Since(start)),
				slog.String("correlation_id", CorrelationID(r.Context())))
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
