// Package dpo is the bounded context of the data-protection officer's own
// registers: what the firm must be able to show about its processing as a
// whole, rather than about one data subject (domain/gdpr).
//
// A personal-data breach (art. 33/34) is the Breach aggregate on stream
// "breach-<breachID>": discovered (the 72-hour clock of art. 33.1 starts),
// assessed with the facts IMY's notification form asks for (an edit is a
// new assessment, so every version stays in the log), then either reported
// to IMY or recorded as not reported with the reason (art. 33.5: every
// breach is documented); the data subjects told (art. 34) or the reason
// they were not; supplements after the notification (art. 33.4).
//
// Free text about a breach (what happened, its consequences, the measures,
// the reasons) may name people — the employee who sent the e-mail, the
// client whose file was lost — so it is sealed with the breach's own key
// (subject = breach ID), as a matter's text is sealed with the matter's:
// the breach register is the firm's record, and destroying it is one key.
// IDs, times, kinds, counts and IMY's case number are not personal data.
//
// May import: domain and the standard library only. No I/O, no clock
// (every decision is given now), no ID generation.
package dpo
