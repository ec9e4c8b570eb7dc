package oidc

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"net/http"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Start begins a sign-in: it seals a fresh state, nonce and PKCE verifier
// into the flow cookie and redirects the browser to the provider. Only the
// state, the nonce and the verifier's S256 challenge leave in the URL, as
// the protocol requires.
func (p *Provider) Start(w http.ResponseWriter, r *http.Request) {
	f := flow{
		State:    rand.Text(),
		Nonce:    rand.Text(),
		Verifier: oauth2.GenerateVerifier(),
		Issued:   p.now().Unix(),
	}
	p.setFlowCookie(w, f)
	target := p.oauth.AuthCodeURL(f.State,
		gooidc.Nonce(f.Nonce),
		oauth2.S256ChallengeOption(f.Verifier))
	// A cached redirect would replay an old state against a newer cookie.
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, target, http.StatusFound)
}

// Finish completes the sign-in at the callback: it checks the returned state
// against the flow cookie, redeems the code with the PKCE verifier, verifies
// the ID token (signature, issuer, audience, expiry, nonce) and returns who
// signed in. The flow cookie is cleared whatever the outcome, so a callback
// works at most once per Start. Every error is a *domain.Error of kind
// forbidden and code "auth.oidc_failed".
func (p *Provider) Finish(w http.ResponseWriter, r *http.Request) (Identity, error) {
	p.clearFlowCookie(w)
	f, err := p.readFlow(r)
	if err != nil {
		return Identity{}, failure("flow cookie", err)
	}
	code, err := callbackCode(r, f.State)
	if err != nil {
		return Identity{}, failure("callback", err)
	}
	return p.redeem(p.backchannel(r), code, f)
}

// redeem trades the code for tokens and the tokens for an Identity.
func (p *Provider) redeem(ctx context.Context, code string, f flow) (Identity, error) {
	token, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return Identity{}, failure("code exchange", err)
	}
	idToken, err := p.verifyIDToken(ctx, token, f.Nonce)
	if err != nil {
		return Identity{}, failure("id token", err)
	}
	id, err := p.identity(ctx, idToken, token)
	if err != nil {
		return Identity{}, failure("identity", err)
	}
	return id, nil
}

// callbackCode returns the authorisation code once the state matches; an
// error answer from the provider is reported by its code alone, since its
// description is free text from elsewhere.
func callbackCode(r *http.Request, want string) (string, error) {
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(want)) != 1 {
		return "", errState
	}
	if e := q.Get("error"); e != "" {
		return "", providerError(e)
	}
	if q.Get("code") == "" {
		return "", errNoCode
	}
	return q.Get("code"), nil
}

// verifyIDToken leaves issuer, audience, expiry and signature to go-oidc,
// and adds what it leaves to the caller: the nonce, and the access token's
// binding when the provider states one.
func (p *Provider) verifyIDToken(ctx context.Context, token *oauth2.Token, nonce string) (*gooidc.IDToken, error) {
	raw, _ := token.Extra("id_token").(string)
	if raw == "" {
		return nil, errNoIDToken
	}
	idToken, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(idToken.Nonce), []byte(nonce)) != 1 {
		return nil, errNonce
	}
	if idToken.AccessTokenHash != "" {
		if err := idToken.VerifyAccessToken(token.AccessToken); err != nil {
			return nil, err
		}
	}
	return idToken, nil
}
