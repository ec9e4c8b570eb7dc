// Package matters is the matters read model: the tables the matter list,
// the matter page and the contact page's list of matters read (matters_v1
// and its parties, notes, conflict checks and history), the projector that
// keeps them from the matter events, and the query functions over them
// (Get, List, Parties, Notes, ConflictChecks, History, MattersOfContact,
// VisibleTo).
//
// The history (matters_v1_history) lists every event of a matter in order
// with who, when, where in the log, and a short structured summary of what
// changed: IDs, roles, statuses, decisions, and the names of the fields
// that changed, never their values. A page renders titles, names and notes
// from the current read models, so personal data is not stored twice and
// an erasure blanks it in one place.
//
// The rows hold opened text, so the read model follows erasure: an event
// whose matter key is gone blanks the matter's title, description, notes
// and check inputs and reasons, and marks the matter erased; one whose
// party's key is gone blanks that party's note.
//
// Visibility is the matter context's need-to-know rule (matter.Visible):
// List and VisibleTo apply it, and List also leaves out what walls keep
// the viewer from (walled matters, and matters of walled clients).
//
// May import: projections, eventstore (only for Decoded, the type
// Projector.Apply receives), domain (and domain/matter, domain/access), pgx
// and the standard library.
package matters
