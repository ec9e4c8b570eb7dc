// Package access is the bounded context of who may do what: staff roles,
// the one role × action matrix, teams, and the record-level rules (matter
// teams, grants, ethical walls) that override roles.
//
// Two aggregates live here. A StaffMember is an account: its name and
// e-mail address are personal data (staff are data subjects too), sealed
// with the member's own key; its roles and teams are not. A Wall is an
// ethical wall that keeps named staff members and teams away from one
// contact or matter; Walled is the pure policy that applies walls, and a
// wall beats every role. Both decide (Register, ChangeRoles, Erect, Lift, …)
// and evolve (Apply) as the contact aggregate does; every refusal is a
// *domain.Error with a catalogue Code.
//
// May import: the standard library and other domain packages only. No I/O,
// no clock, no ID generation: IDs are passed in.
package access
