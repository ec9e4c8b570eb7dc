package web

import (
	"net/http"
	"strings"
)

// LangCookie remembers the language a person picked with the switch.
const LangCookie = "lang"

// SwitchLang stores the chosen language in a cookie and sends the person
// back where they were. The page names its own path in a hidden field,
// because Referrer-Policy: no-referrer leaves us no Referer to go back to.
func (s *Kit) SwitchLang(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, FormError(err))
		return
	}
	lang, _ := parseLang(r.PostForm.Get("lang"))
	http.SetCookie(w, &http.Cookie{
		Name: LangCookie, Value: string(lang), Path: "/",
		MaxAge: 365 * 24 * 3600, HttpOnly: true, Secure: s.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, LocalPath(r.PostForm.Get("return")), http.StatusSeeOther)
}

// LocalPath keeps a redirect on this site: only an absolute path without a
// scheme, host or protocol-relative "//" prefix is allowed; anything else
// goes to the start page.
func LocalPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.IndexFunc(p, unsafeInPath) >= 0 {
		return "/"
	}
	return p
}

// unsafeInPath is any byte but those a path of ours is written with (RFC
// 3986's unreserved, sub-delims, ':', '@', '/' and '%'). A browser drops
// tab, CR and LF anywhere in a URL and reads '\' as '/' (WHATWG URL), so
// "/\t/evil.example" would take it to //evil.example, another site; a query
// or fragment is no page of ours to come back to either.
func unsafeInPath(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return false
	}
	return !strings.ContainsRune("-._~!$&'()*+,;=:@/%", r)
}
