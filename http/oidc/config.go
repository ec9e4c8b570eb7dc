package oidc

import (
	"net"
	"net/url"
	"slices"

	"github.com/klient-crm/klient/domain"
)

// Config names the identity provider and Klient's registration with it.
type Config struct {
	// IssuerURL is the provider's issuer exactly as its discovery document
	// states it; for Entra ID that is the tenant-specific
	// https://login.microsoftonline.com/<tenant-id>/v2.0, since the shared
	// "common" endpoint's documents name no single issuer.
	IssuerURL    string
	ClientID     string
	ClientSecret string
	// RedirectURL is Klient's callback as registered with the provider.
	RedirectURL string
	// Scopes defaults to openid, email and profile; openid is always added.
	Scopes []string
	// CookieKey (32 bytes) seals the flow cookie. Left empty, each process
	// draws its own, which is enough for one instance; give every instance
	// the same key when a callback may reach a different one than the start.
	CookieKey []byte
}

var defaultScopes = []string{"openid", "email", "profile"}

// Validate reports the first field that cannot work. Plain http is accepted
// only on loopback, where development and tests run their own provider.
func (c Config) Validate() error {
	if err := checkURL("IssuerURL", c.IssuerURL); err != nil {
		return err
	}
	if err := checkURL("RedirectURL", c.RedirectURL); err != nil {
		return err
	}
	switch {
	case c.ClientID == "":
		return domain.Invalid("ClientID", "the client ID is required")
	case c.ClientSecret == "":
		return domain.Invalid("ClientSecret", "the client secret is required")
	case len(c.CookieKey) != 0 && len(c.CookieKey) != 32:
		return domain.Invalid("CookieKey", "the cookie key must be 32 bytes")
	}
	return nil
}

func checkURL(field, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || u.Fragment != "" {
		return domain.Invalid(field, "must be an absolute URL without user info or fragment")
	}
	if u.Scheme == "https" || (u.Scheme == "http" && isLoopback(u.Hostname())) {
		return nil
	}
	return domain.Invalid(field, "must use https (plain http only on 127.0.0.1 or localhost)")
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// scopes returns the configured scopes with openid guaranteed, since without
// it the provider issues no ID token.
func (c Config) scopes() []string {
	s := c.Scopes
	if len(s) == 0 {
		s = defaultScopes
	}
	if !slices.Contains(s, "openid") {
		s = append([]string{"openid"}, s...)
	}
	return s
}
