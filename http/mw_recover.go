package http

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/klient-crm/klient/domain"
)

// recoverer turns a panic into a 500 page or problem so no stack trace ever
// reaches a user; the stack goes to the log. It must sit directly inside
// accessLog so it can tell whether a response has already started.
func (s *server) recoverer(next http.Handler) http.Handler {
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
				slog.String("panic", fmt.Sprint(v)),
				slog.String("route", routePattern(r)),
				slog.String("correlation_id", CorrelationID(r.Context())),
				slog.String("stack", string(debug.Stack())))
			if rec, ok := w.(*recorder); ok && rec.started() {
				return // too late for an error page; the client sees a cut response
			}
			s.fail(w, r, domain.Internal(fmt.Errorf("panic: %v", v)))
		}()
		next.ServeHTTP(w, r)
	})
}
