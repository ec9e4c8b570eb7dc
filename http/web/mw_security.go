package web

import (
	"net/http"

	"github.com/klient-crm/klient/domain"
)

// contentSecurityPolicy allows no inline script or style and no framing: the
// pages work without JavaScript and all style lives in /static.
const contentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

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
