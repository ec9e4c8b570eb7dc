package http

import (
	"net/http"

	"github.com/google/uuid"
)

// correlationHeader carries the ID both ways, so a client or proxy that
// already has one keeps it across our logs and theirs.
const correlationHeader = "X-Correlation-ID"

// correlate gives every request a correlation ID: the caller's when it is
// well-formed, a fresh UUIDv7 otherwise.
func correlate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(correlationHeader)
		if !wellFormedID(id) {
			id = uuid.Must(uuid.NewV7()).String()
		}
		w.Header().Set(correlationHeader, id)
		next.ServeHTTP(w, r.WithContext(withCorrelationID(r.Context(), id)))
	})
}

// wellFormedID accepts short IDs of letters, digits, '-', '_' and '.': a
// caller's ID ends up in our logs, so it must not be able to forge lines or
// smuggle personal data in bulk.
func wellFormedID(id string) bool {
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
