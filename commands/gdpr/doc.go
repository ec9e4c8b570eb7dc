// Package gdpr holds the data-protection commands: lawful bases, consents
// (withdrawn by staff or by the subject's own link), objections,
// restriction, data-subject requests (receive, verify, extend, assign,
// complete, refuse), erasure (request_erasure.go weighs the holds,
// erase_subject.go carries it out) and the retention schedule's runs
// (run_retention.go). One file per command; the Subjects and Requests
// repositories (subjects.go, requests.go) are what they share, on
// commands/journal. A subject must be a live contact (read through
// commands/contact); the erasure executor and the retention runner reach
// keys, documents and read models through the ports they declare.
//
// May import: domain and its sub-packages, the eventstore port,
// commands/journal, commands/contact, uuid and the standard library.
package gdpr
