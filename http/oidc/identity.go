package oidc

import (
	"context"
	"errors"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Identity is who the provider says signed in. Subject is the provider's
// stable ID for the person (for Entra ID, unique per application); Email is
// what the provider holds and may be empty or unverified, so the http
// package must decide whether it may match a Klient user by it.
type Identity struct {
	Subject       string
	Email         string
	EmailVerified bool
}

// emailClaims accepts email_verified as a boolean or as the string some
// providers send; Entra ID often sends neither.
type emailClaims struct {
	Email         string     `json:"email"`
	EmailVerified stringBool `json:"email_verified"`
}

type stringBool bool

func (b *stringBool) UnmarshalJSON(data []byte) error {
	*b = stringBool(string(data) == "true" || string(data) == `"true"`)
	return nil
}

// identity reads the e-mail from the ID token and, when the provider keeps
// it out of the token (as many do for the code flow), from the userinfo
// endpoint, whose answer must be about the same subject.
func (p *Provider) identity(ctx context.Context, idToken *gooidc.IDToken, token *oauth2.Token) (Identity, error) {
	var c emailClaims
	if err := idToken.Claims(&c); err != nil {
		return Identity{}, err
	}
	if c.Email == "" && p.discovered.UserInfoEndpoint() != "" {
		info, err := p.discovered.UserInfo(ctx, oauth2.StaticTokenSource(token))
		if err != nil {
			return Identity{}, err
		}
		if info.Subject != idToken.Subject {
			return Identity{}, errSubject
		}
		c = emailClaims{Email: info.Email, EmailVerified: stringBool(info.EmailVerified)}
	}
	return Identity{Subject: idToken.Subject, Email: c.Email, EmailVerified: bool(c.EmailVerified)}, nil
}

var errSubject = errors.New("userinfo names another subject than the ID token")
