// Package gdpr is the GDPR register read model: lawful bases, the full
// consent history, objections and restrictions per data subject
// (gdpr_subjects_v1 keeps restricted and may_market for campaign
// filtering), the data-subject request register with its deadlines, and
// the erasure schedule; the projector that keeps them from the "gdpr.*"
// events; and the queries over them (SubjectState, Requests, Overdue,
// DueErasures, RestrictedSubjects, MarketableSubjects). It also keeps the
// key that signs consent-withdrawal links (LoadWithdrawalLinks), in a
// migrated table that survives rebuilds.
//
// The rows hold opened personal data (notes, reasons, evidence), so the
// read model follows erasure: gdpr.SubjectErased, or an event whose
// subject's key is gone, blanks those fields and marks the subject erased.
//
// May import: projections, eventstore (for Decoded), domain (and
// domain/gdpr, imported as gdprdomain, and domain/work for dates),
// internal/pgmigrate, pgx and the standard library.
package gdpr
