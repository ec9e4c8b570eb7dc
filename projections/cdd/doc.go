// Package cdd keeps what customer due diligence (domain/cdd) reads beside
// the log: the imported sanctions lists, and the screening of names
// against the latest one.
//
// A list is written directly, not from events (like the access log): it
// is thousands of public entries a firm replaces whole, and the log keeps
// only that it was imported (cdd.SanctionsListImported: its date, version
// and size). Its names are folded as the conflict check folds (unaccent in
// lower case, by PostgreSQL, so both agree) and compared by trigram
// similarity as pg_trgm computes it (words, in any order, each padded),
// at the conflict check's threshold (0.6): transliterations and word order
// meet. The comparing is done in Go over an index of the list held in
// memory, built once per list: a screening of every client after an
// import asks a hundred thousand names, which one query each could not
// answer in a minute.
//
// May import: domain, domain/*, eventstore (types), projections,
// internal/pgmigrate and the standard library.
package cdd
