package main

import (
	"context"
	"encoding/base64"
	"flag"
	"fmt"

	authpages "github.com/klient-crm/klient/http/auth"
	"github.com/klient-crm/klient/http/oidc"
)

// ssoConfig is the optional OpenID Connect sign-in (Microsoft Entra ID and
// others). Without an issuer, sign-in is by password only.
type ssoConfig struct {
	issuer, clientID, clientSecret, redirectURL, cookieKey string
}

func (s *ssoConfig) register(fs *flag.FlagSet) {
	fs.StringVar(&s.issuer, "oidc-issuer", env("KLIENT_OIDC_ISSUER", ""), "OpenID Connect issuer URL; empty turns single sign-on off (KLIENT_OIDC_ISSUER)")
	fs.StringVar(&s.clientID, "oidc-client-id", env("KLIENT_OIDC_CLIENT_ID", ""), "client ID registered with the issuer (KLIENT_OIDC_CLIENT_ID)")
	fs.StringVar(&s.clientSecret, "oidc-client-secret", env("KLIENT_OIDC_CLIENT_SECRET", ""), "client secret; prefer KLIENT_OIDC_CLIENT_SECRET_FILE")
	fs.StringVar(&s.redirectURL, "oidc-redirect-url", env("KLIENT_OIDC_REDIRECT_URL", ""), "https://<host>/auth/oidc/callback as registered (KLIENT_OIDC_REDIRECT_URL)")
	fs.StringVar(&s.cookieKey, "oidc-cookie-key", env("KLIENT_OIDC_COOKIE_KEY", ""), "base64 of 32 bytes shared by every instance, so a sign-in may finish on another one (KLIENT_OIDC_COOKIE_KEY)")
}

// config turns the settings into the provider's, or nil when SSO is off.
func (s ssoConfig) config() (*oidc.Config, error) {
	if s.issuer == "" {
		return nil, nil
	}
	cfg := &oidc.Config{IssuerURL: s.issuer, ClientID: s.clientID, ClientSecret: s.clientSecret, RedirectURL: s.redirectURL}
	if s.cookieKey != "" {
		key, err := base64.StdEncoding.DecodeString(s.cookieKey)
		if err != nil || len(key) != 32 {
			return nil, fmt.Errorf("OIDC cookie key: want base64 of exactly 32 bytes")
		}
		cfg.CookieKey = key
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("OIDC: %w", err)
	}
	return cfg, nil
}

// provider discovers the issuer at start-up, so a wrong issuer stops the
// server with a clear reason instead of failing at the first sign-in.
func (a *app) oidcProvider(ctx context.Context) (authpages.OIDCProvider, error) {
	cfg, err := a.cfg.SSO.config()
	if err != nil || cfg == nil {
		return nil, err
	}
	p, err := oidc.New(ctx, *cfg)
	if err != nil {
		return nil, fmt.Errorf("OIDC issuer %s: %w", cfg.IssuerURL, err)
	}
	return p, nil
}
