package oidc

import (
	"slices"
	"testing"

	"github.com/klient-crm/klient/domain"
)

func validConfig() Config {
	return Config{
		IssuerURL:    "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
		ClientID:     "klient",
		ClientSecret: "s3cret",
		RedirectURL:  "https://klient.byra.example.se/auth/oidc/callback",
	}
}

func TestValidateNamesTheFieldThatCannotWork(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		field  string
		change func(*Config)
	}{
		"http issuer":           {"IssuerURL", func(c *Config) { c.IssuerURL = "http://idp.example.se" }},
		"relative issuer":       {"IssuerURL", func(c *Config) { c.IssuerURL = "/v2.0" }},
		"issuer with user info": {"IssuerURL", func(c *Config) { c.IssuerURL = "https://u:p@idp.example.se" }},
		"http redirect":         {"RedirectURL", func(c *Config) { c.RedirectURL = "http://klient.example.se/cb" }},
		"no client ID":          {"ClientID", func(c *Config) { c.ClientID = "" }},
		"no secret":             {"ClientSecret", func(c *Config) { c.ClientSecret = "" }},
		"short cookie key":      {"CookieKey", func(c *Config) { c.CookieKey = []byte("short") }},
	}
	for name, tc := range cases {
		cfg := validConfig()
		tc.change(&cfg)
		err := cfg.Validate()
		if !domain.IsKind(err, domain.KindInvalid) || err.(*domain.Error).Field != tc.field {
			t.Errorf("%s: got %v, want invalid %s", name, err, tc.field)
		}
	}
}

func TestValidateAcceptsHTTPSAndLoopback(t *testing.T) {
	t.Parallel()
	for _, issuer := range []string{validConfig().IssuerURL, "http://127.0.0.1:5556", "http://localhost:8080/realm", "http://[::1]:9000"} {
		cfg := validConfig()
		cfg.IssuerURL = issuer
		cfg.CookieKey = make([]byte, 32)
		if err := cfg.Validate(); err != nil {
			t.Errorf("%s: %v", issuer, err)
		}
	}
}

func TestScopesAlwaysAskForOpenID(t *testing.T) {
	t.Parallel()
	if got := (Config{}).scopes(); !slices.Equal(got, defaultScopes) {
		t.Errorf("default scopes = %v", got)
	}
	if got := (Config{Scopes: []string{"email"}}).scopes(); !slices.Equal(got, []string{"openid", "email"}) {
		t.Errorf("scopes = %v", got)
	}
}
