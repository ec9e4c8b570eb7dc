// Package http is Klient's web edge: the chi router, middleware (correlation
// ID, access log, recoverer, security headers, CSRF, body limits, language),
// sign-in (password form, optional OpenID Connect, server-side sessions, API
// tokens), the per-route authorisation guard, the server-rendered HTML
// pages, the JSON API with its OpenAPI document, and the one place where
// errors become HTTP statuses and RFC 9457 problem details. Importers alias
// it klienthttp.
//
// Every route is registered with exactly one access.Action (route) or as
// public; the guard signs the caller in and checks access.Allows before any
// handler runs. Ethical walls apply on top: contacts a member is walled off
// from are left out of lists and answer 404 by ID. Every read of personal
// data is written to the access log first.
//
// The session cookie is __Host-klient_session: Secure, HttpOnly,
// SameSite=Lax, Path=/, host-only. A browser refuses a Secure cookie over
// plain HTTP, so with Config.SecureCookies off (a development server on
// http://localhost) it is klient_session instead, without the prefix the
// browser would reject there.
//
// Ports it needs of the write and read sides are small interfaces declared
// by each context (http/<context>/ports.go) and the kit; internal/webapp,
// the one assembly `klient serve` and this package's tests share, wires
// the concrete types through Deps. The tests are the external package
// http_test (they build the app through internal/webapp, which imports
// this package); export_test.go opens them the built server's kit and
// router and the embedded OpenAPI document.
//
// May import: commands, projections/<readmodel> queries and types, domain
// types, the eventstore port (for Position only), crypto/credentials (its
// value types; the store is reached through the Credentials port), http/i18n,
// http/oidc, chi, uuid and the standard library. Never the eventstore
// adapters, the projections runtime (it is reached through
// ProjectionWaiter) or the crypto keyring. Tests may import anything: they
// run the real components.
package http
