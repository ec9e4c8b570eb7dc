package http

import "net/http"

// limitBody caps what a handler can read; reading past the cap fails with
// *http.MaxBytesError, which the problem mapping answers with 413. The API
// and the HTML forms get different caps (Config.MaxJSONBytes, MaxFormBytes).
func limitBody(max int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Body = http.MaxBytesReader(w, r.Body, max)
			next.ServeHTTP(w, r)
		})
	}
}
