// Package oidc is Klient's optional OpenID Connect sign-in: a relying party
// for an identity provider such as Microsoft Entra ID, configured by issuer
// URL, client ID and client secret. Start sends the browser to the provider
// (authorisation code flow with state, nonce and PKCE S256); Finish checks
// the callback, exchanges the code, verifies the ID token and returns who
// signed in. Turning that Identity into a Klient session is the http
// package's job, not this one's.
//
// The flow's secrets ride in one short-lived cookie sealed with AES-GCM, so
// the server keeps no per-login state and nothing but the protocol's own
// parameters ever appears in a URL.
//
// Every failure a user can cause is a domain.Error of kind forbidden with
// code "auth.oidc_failed"; its cause names the failed step, never a token.
//
// May import: domain (for Error), github.com/coreos/go-oidc/v3,
// golang.org/x/oauth2 and the standard library. Tests may also import
// github.com/zitadel/oidc/v3, whose OpenID Provider they start on loopback.
package oidc
