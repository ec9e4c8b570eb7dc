// Package communications is the communication log's read model: the
// communications_v2 table that a matter's and a contact's log, an entry's
// page and the start page's follow-ups read, the projector that keeps it
// from the communication.* events, and the query functions over it
// (ForMatter, ForContact, Get, FollowUpsFor). Beside it, per-matter volume
// counts for the reports, kept by a trigger on the table and moved on by
// AdvanceVolumeWindow (docs/reports.md).
//
// Rows hold opened subject lines and bodies, so the read model follows
// erasure: an event whose data subject's key is gone (the matter's, or
// the first linked contact's) leaves the text blank and marks the entry
// erased. Its kind, time, participants and links stay: they are
// pseudonymous IDs, and the log still shows that something happened.
// Deleted entries stay in the table (Filter.IncludeDeleted shows them) but
// no longer carry a follow-up.
//
// Queries answer what is filed under an ID; whether the caller may see the
// matter or contact (roles, ethical walls) is the edge's check, made
// before the query.
//
// May import: projections, eventstore (only for Decoded), domain (and
// domain/communication), pgx and the standard library.
package communications
