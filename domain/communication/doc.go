// Package communication is the bounded context of the communication log and
// of the documents filed with matters and log entries.
//
// An Entry is one communication (an e-mail, a phone call, a meeting, an
// incoming or outgoing letter, a note) in stream "communication-<id>". It
// is never edited in place: a mistake is fixed by CommunicationCorrected,
// which carries the complete corrected facts, and a wrong entry is marked
// CommunicationDeleted, so the log stays honest about what was recorded
// when. Its links (a matter and/or contacts; at least one) are fixed when
// it is logged: an entry filed under the wrong matter is deleted and
// logged anew, because moving it would also move whose key seals it.
//
// A Document is one uploaded file, in stream "document-<id>", attached to a
// matter or to an entry. Its bytes are not events (see
// projections/documents); DocumentAttached records its sealed name and
// fingerprint, size, sniffed content type and uploader.
//
// # Whose key seals the text
//
// The subject line and body of an entry, and a document's name and SHA-256,
// are personal data, sealed by the codec with one data subject's key
// (DataSubjectFor): the MATTER's key ("matter-<id>") when the entry or
// document belongs to a matter, else the first linked contact's key. A
// matter's file is kept under the firm's statutory retention (the Swedish
// Bar Association's rules, the Anti-Money Laundering Act) however many
// people it mentions, and must not vanish because one of them asks for
// erasure; it dies when the matter's retention ends and its key is
// shredded. An entry about one person outside any matter is that person's
// data alone, and dies with that person. The choice is made once, when the
// entry or document is recorded, and every later event of the stream seals
// with the same subject.
//
// # Time
//
// OccurredAt is an instant, stored in UTC; the edge shows it in
// Europe/Stockholm. A follow-up's DueOn is a civil date (YYYY-MM-DD) in
// Stockholm. Dates before 1900 or more than five years ahead are refused
// as typing mistakes.
//
// May import: the standard library (net/http only for its content-type
// sniffer, a pure function) and other domain packages. No I/O, no clock, no
// ID generation: now and IDs are passed in.
package communication
