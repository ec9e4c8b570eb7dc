// Package internal holds what belongs to no bounded context and no single
// adapter. Plumbing that knows no domain: the SQL migration runner
// (pgmigrate), the per-test PostgreSQL database helper (pgtest), the
// layout test and the log scrubber (logscrub, which knows of the domain only
// domain.Loggable). And the packages the command line (cmd/klient) calls, which
// know the whole product: the catalogue the app is built from, backups and
// the tombstone journal, the background jobs (erasure, retention,
// housekeeping), the load drivers, webapp (the one assembly of the web
// edge, which serve and the web edge's tests share), and apptest, the app
// for their tests and the web edge's.
// docs/architecture.md says what each may import.
package internal
