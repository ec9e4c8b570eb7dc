// Package audit is the audit-trail read model: one row per event of the
// whole log (audit_trail_v1) saying what happened where, when and on whose
// behalf — position, stream, type, actor, time, data subjects, the matter
// it concerns and the correlation ID. Auditors search it by actor, subject,
// matter, event type and time, a page at a time (keyset pagination), with
// or without the access log's entries merged in time order, and export a
// result as CSV.
//
// It holds identifiers only, never personal data: the event's payload is
// not copied, so erasure (crypto-shredding) needs nothing from this table.
//
// May import: projections, eventstore (for Decoded), domain and domain/*,
// pgx and the standard library. It reads the access log's table
// (access_log) with SQL rather than importing projections/accesslog: read
// models do not import each other.
package audit
