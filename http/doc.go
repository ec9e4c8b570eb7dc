// Package http is Klient's web edge: the chi router, middleware (correlation
// ID, access log, recoverer, security headers, CSRF, body limits, language,
// actor), the server-rendered HTML pages, the JSON API with its OpenAPI
// document, and the one place where errors become HTTP statuses and RFC 9457
// problem details. Importers alias it klienthttp.
//
// Ports it needs of the write and read sides are small interfaces declared
// here (ports.go); cmd/klient wires the concrete types through Deps.
//
// May import: commands, projections/<readmodel> queries and types, domain
// types, the eventstore port (for Position only), http/i18n, chi, uuid and
// the standard library. Never the eventstore adapters, the projections
// runtime (it is reached through ProjectionWaiter) or crypto. Tests may
// import anything: they run the real components.
package http
