// Package domain holds what every bounded context shares: the one error type,
// the shape of an event and of a personal field, the one rule for free text
// (Text) and for IDs (ValidID), how a form's problems are joined
// (JoinProblems), and what of an error may be logged (Loggable).
// Sub-packages (contact, matter, work, communication, gdpr, access) hold one
// bounded context each.
//
// May import: the standard library and other domain packages only. No I/O,
// no clock, no ID generation: time and IDs are passed in.
package domain
