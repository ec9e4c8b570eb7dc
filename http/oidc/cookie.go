package oidc

import (
	"net/http"
	"time"
)

// flowTTL bounds a sign-in from Start to Finish: long enough for a person to
// type a password and answer a second factor, short enough that a stolen
// cookie is soon useless.
const flowTTL = 10 * time.Minute

const cookieName = "klient_oidc_flow"

// flowCookie is scoped to the callback path, so the sealed flow travels on
// no other request. SameSite=Lax (not Strict) because the callback is a
// top-level navigation coming from the provider's site.
func (p *Provider) flowCookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name:     cookieName,
		Value:    value,
		Path:     p.cookiePath,
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   p.cookieSecure,
		SameSite: http.SameSiteLaxMode,
	}
}

func (p *Provider) setFlowCookie(w http.ResponseWriter, f flow) {
	http.SetCookie(w, p.flowCookie(p.sealer.seal(f), int(flowTTL/time.Second)))
}

// clearFlowCookie makes every flow single-use from the browser's side, on
// success and failure alike.
func (p *Provider) clearFlowCookie(w http.ResponseWriter) {
	http.SetCookie(w, p.flowCookie("", -1))
}

func (p *Provider) readFlow(r *http.Request) (flow, error) {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return flow{}, errNoCookie
	}
	f, err := p.sealer.open(c.Value)
	if err != nil {
		return flow{}, err
	}
	if f.expired(p.now()) {
		return flow{}, errExpired
	}
	return f, nil
}
