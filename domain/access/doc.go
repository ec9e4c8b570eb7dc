// Package access is the bounded context of who may do what: staff roles,
// the one role × action matrix, teams, and the record-level rules (matter
// teams, grants, ethical walls) that override roles.
//
// May import: the standard library and other domain packages only.
package access
