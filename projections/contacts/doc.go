// Package contacts is the contacts read model: the table the contact list,
// the search box and the contact page read (contacts_v1 and its
// affiliations), the projector that keeps it from the contact events, and
// the query functions over it (Search, List, Get).
//
// The rows hold opened personal data, so the read model follows erasure: an
// event whose subject's key is gone blanks the contact's personal fields and
// marks it erased. Persons with protected identity never have their
// addresses returned by Search or List.
//
// May import: projections, eventstore (only for Decoded, the type
// Projector.Apply receives), domain (and domain/contact), pgx and the
// standard library.
package contacts
