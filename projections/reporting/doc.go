// Package reporting is the analysts' schema: documented, stable,
// pseudonymised views over the read models (reporting.contacts,
// reporting.staff_activity, reporting.events_per_day, reporting.matters,
// reporting.tasks, reporting.deadlines, reporting.communications) and the
// read-only role klient_analyst that can read them and nothing else. It
// is all SQL, in migrations (component "reporting"); docs/reporting.md
// describes every view and column.
//
// Pseudonyms are HMAC-SHA256 of an identifier under a per-installation key
// that only the application's role can read, so they are stable across
// queries and rebuilds and cannot be recomputed by an analyst. Erased
// persons, and every subject reporting_private.excluded_subjects() lists
// (restricted ones included), never appear.
//
// May import: internal/pgmigrate and the standard library.
package reporting
