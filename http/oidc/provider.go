package oidc

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// httpTimeout bounds each call to the provider, so a slow provider fails a
// sign-in instead of holding a request open.
const httpTimeout = 15 * time.Second

// Provider is one configured identity provider, discovered once at start-up
// and safe for concurrent use.
type Provider struct {
	discovered   *gooidc.Provider
	oauth        oauth2.Config
	verifier     *gooidc.IDTokenVerifier
	sealer       *sealer
	client       *http.Client
	cookiePath   string
	cookieSecure bool
	now          func() time.Time
}

// New validates cfg and fetches the issuer's discovery document, which must
// name cfg.IssuerURL as its issuer.
func New(ctx context.Context, cfg Config) (*Provider, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	client := &http.Client{Timeout: httpTimeout}
	discovered, err := gooidc.NewProvider(gooidc.ClientContext(ctx, client), cfg.IssuerURL)
	if err != nil {
		return nil, fmt.Errorf("oidc: discovering %s: %w", cfg.IssuerURL, err)
	}
	sealer, err := newSealer(cfg.CookieKey, cfg.IssuerURL+" "+cfg.ClientID)
	if err != nil {
		return nil, fmt.Errorf("oidc: cookie key: %w", err)
	}
	redirect, _ := url.Parse(cfg.RedirectURL) // Validate parsed it already
	return &Provider{
		discovered:   discovered,
		oauth:        oauthConfig(cfg, discovered.Endpoint()),
		verifier:     discovered.Verifier(&gooidc.Config{ClientID: cfg.ClientID}),
		sealer:       sealer,
		client:       client,
		cookiePath:   cookiePath(redirect),
		cookieSecure: redirect.Scheme == "https",
		now:          time.Now,
	}, nil
}

func oauthConfig(cfg Config, endpoint oauth2.Endpoint) oauth2.Config {
	return oauth2.Config{
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		Endpoint:     endpoint,
		RedirectURL:  cfg.RedirectURL,
		Scopes:       cfg.scopes(),
	}
}

// backchannel makes the oauth2 and go-oidc calls of one request use the
// provider's time-limited client and the request's cancellation.
func (p *Provider) backchannel(r *http.Request) context.Context {
	return context.WithValue(r.Context(), oauth2.HTTPClient, p.client)
}

// cookiePath scopes the flow cookie to the callback; an empty path would let
// the browser pick one from whichever URL set the cookie.
func cookiePath(redirect *url.URL) string {
	if redirect.EscapedPath() == "" {
		return "/"
	}
	return redirect.EscapedPath()
}
