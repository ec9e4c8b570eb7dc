package web

import (
	"context"
	"net/http"

	"github.com/google/uuid"

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
