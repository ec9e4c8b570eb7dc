// Package staff is the staff and walls read model: the accounts sign-in
// and the admin pages read (staff_v1), the ethical walls every access check
// consults (walls_v1), the projector that keeps both from the access
// events, and the query functions over them (Get, ByEmail, List, Teams,
// ActiveWalls, WalledTargets, and Directory for the commands'
// StaffDirectory port).
//
// staff_v1 holds opened personal data (names, e-mail addresses), so it
// follows erasure as the contacts read model does: an event whose member's
// key is gone blanks the row and marks it erased, which also frees the
// e-mail address.
//
// May import: projections, domain (and domain/access), eventstore (the
// Decoded batch), pgx and the standard library.
package staff
