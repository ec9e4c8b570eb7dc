// Package subjectexport is the data-subject access and portability package
// (GDPR art. 15 and 20): Build gathers what every read model holds about
// one person (their contact record, the matters they are a party to with
// their role, communications, documents, tasks, lawful bases, consents
// with their full history, objections, restriction, their data-subject
// requests, and the access log of who looked at their data), adds the
// firm's recipients and processors and its retention schedule, and
// WriteJSON and WriteHTML render it: machine-readable JSON, and one
// self-contained HTML page with no external resources. Both are handed the
// Words of a language (the message catalogue, http/i18n pkg.*, which this
// package may not import): the page's every word and the withholding
// grounds come from there, so the package reads the same in Swedish and
// English and keeps no second copy of the words.
//
// What the firm must not hand over is MARKED as withheld with its ground,
// never silently left out: another client's privileged matter details
// (the title of a matter where the person is the counterparty, what is
// filed under it), other people's identities among a communication's
// participants (art. 15.4), and the identities of the staff who looked at
// the data (they act for the firm and are not recipients, CJEU C-579/21).
//
// The caller records the export in the access log (via "export"): this
// package only reads.
//
// May import: domain, domain/*, eventstore (types) and the projections/*
// read models' query functions, pgx and the standard library.
package subjectexport
