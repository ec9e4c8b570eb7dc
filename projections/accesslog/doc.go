// Package accesslog is the access log: who looked at whose personal data,
// when, through which route and, when they gave one, why. The data
// protection officer and the auditors search it; a data subject's access
// request lists its entries about them (ForSubject).
//
// It lives among the read models but is not derived from events. Viewing a
// contact changes nothing, so it is no event; and retention must be able to
// delete old entries, which an event log never does. It is therefore an
// append-only PostgreSQL table (access_log) written directly by the HTTP
// layer, with its own migrations (component "accesslog"), not a projector.
//
// # Append-only
//
// A trigger refuses every UPDATE, every TRUNCATE, and every DELETE except
// one made while the transaction has set klient.accesslog_retention to
// 'on' — which only DeleteOlderThan does, resetting it before it returns.
// Nobody can edit or remove an entry through the product (but for
// SealOldPurposes, under a flag of its own, blanking a purpose it sealed
// and resealing a copy under its own key). A database administrator still
// can (drop the trigger, set the flag by hand); that is why a later issue
// chains the entries' hashes so tampering is evident.
//
// # What an entry holds
//
// Identifiers only: the staff member's ID, the data subjects' IDs, the
// route pattern ("/contacts/{id}", never the concrete path and never a
// query string, where search terms would be), the action, the channel and
// the request's correlation ID. No names, no contact details. The one free
// text is the purpose a user may type (bounded, MaxPurposeLength): it may
// name people, so it is never stored in the clear but sealed, once per
// subject, each copy with an entry key of its own that subject owns
// (PurposeEntryKey), in access_log_purposes beside the entry. Erasing the
// subject destroys the key, so the purpose is unreadable everywhere, backups included, without
// touching the append-only log; destroying one copy's key alone redacts
// it. Entries written before (in the clear, or under one key per subject)
// are brought there at the next start (SealOldPurposes, through the only
// UPDATEs the trigger allows), and the tables rewritten.
//
// May import: domain (and domain/access), internal/pgmigrate, pgx and the
// standard library; the key ring comes in as Keys.
package accesslog
