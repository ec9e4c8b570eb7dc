package http

import (
	"net/http"

	"github.com/klient-crm/klient/http/i18n"
)

// langCookie remembers the language a person picked with the switch.
const langCookie = "lang"

// chooseLang picks the language of the response: the person's own choice
// (cookie), else what the browser asks for, else Swedish.
func chooseLang(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := i18n.Negotiate(r.Header.Get("Accept-Language"))
		if c, err := r.Cookie(langCookie); err == nil {
			if l, ok := i18n.Parse(c.Value); ok {
				lang = l
			}
		}
		w.Header().Set("Content-Language", string(lang))
		w.Header().Add("Vary", "Accept-Language, Cookie")
		next.ServeHTTP(w, r.WithContext(withLang(r.Context(), lang)))
	})
}
