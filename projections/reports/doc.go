// Package reports holds the dashboards' queries: counts over the read
// models (matters, work, communications, gdpr, staff) for the reports
// pages. It owns no tables; every query takes the viewer's Scope, so a
// lawyer's report counts only the matters they may see, a walled matter
// never counts for someone the wall keeps out, and restricted or erased
// persons are never named. Nothing here returns a client's or a party's
// name: the reports show staff names, matter numbers and, for those who
// work on matters, matter titles.
//
// May import: domain, domain/*, projections and internal/pgmigrate (the
// read models' column), pgx and the standard library.
package reports
