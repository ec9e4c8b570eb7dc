// Package gdpr is the bounded context of data protection: the register the
// firm keeps to show that it processes each data subject's personal data
// lawfully (GDPR art. 5.2, accountability).
//
// Per data subject (a contact; its ID is the subject's ID) the Subject
// aggregate, on stream "subject-<contactID>", holds lawful bases (art. 6),
// consents and their withdrawal (art. 7), objections (art. 21),
// restrictions (art. 18) and the erasure plan (art. 17). The stream is apart
// from the contact's own so that this history survives contact edits. Per
// data-subject request (art. 12, 15–18, 20, 21) the Request aggregate, on
// stream "dsr-<requestID>", holds receipt, identity check, the one-month
// deadline and its one extension, assignment and the outcome.
//
// Pure policy lives here too: MayMarket and Restricted over a SubjectState;
// Holds and ErasureDecision over configurable RetentionRules (the defaults
// are data, in retention_defaults.go) and the SubjectFacts a read model
// supplies; Deadline arithmetic in calendar months on Stockholm dates; and
// WithdrawalLinks, the signed, expiring consent-withdrawal tokens.
//
// Free text a person writes about a subject (notes, reasons, evidence) may
// name them, so it is sealed with the subject's key (`personal` tags); IDs,
// kinds, dates and the firm's own rule texts are not personal data.
//
// May import: the domain packages (domain, domain/work for its calendar
// Date) and the standard library only. No I/O, no clock, no ID generation.
package gdpr
