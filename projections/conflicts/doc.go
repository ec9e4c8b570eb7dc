// Package conflicts is the conflict-check index: every contact the firm
// has ever registered, under every name, identity number (personnummer,
// organisationsnummer) and e-mail address it has ever had, and every party
// of every matter, open or closed, with the matter's number and the
// party's role (conflict_index_v1 and its side tables). Check searches it
// for the parties of a new matter; Checker and Directory implement the
// commands' ConflictChecker and PartyDirectory ports over it.
//
// Names match by trigram similarity after folding: lower case and
// diacritics removed (å ä → a, ö ø → o, é → e, æ → ae, ß → ss, …), so that
// "Asa Oberg" finds "Åsa Öberg". The folding is done by PostgreSQL's
// unaccent dictionary inside one immutable SQL function
// (conflict_index_v1_fold), for the indexed names and the probes alike, so
// the two sides cannot drift apart; the read model's Setup creates the
// unaccent extension if the database lacks it. Numbers match exactly on
// their last ten digits (the part a personnummer and an organisationsnummer
// always write), e-mail addresses exactly in lower case.
//
// A name change keeps the old name (marked former): a conflict does not go
// away because a counterparty married or a company was renamed. A removed
// party leaves the index: it was never truly a party. An erased contact's
// names, numbers and addresses are deleted; its ID still finds the matters
// it is a party to.
//
// The index rows hold opened personal data (names, numbers, addresses), as
// the contacts read model does.
//
// May import: projections, eventstore (Decoded, Position), domain (and
// domain/contact, domain/matter), pgx and the standard library.
package conflicts
