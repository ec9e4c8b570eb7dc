// Package staff holds the access commands: register a staff member,
// change their roles and teams, deactivate and reactivate them (the Staff
// repository, repository.go), and erect and lift ethical walls (the Walls
// repository, wall_repository.go). One file per command
// (register_staff_member.go, erect_wall.go, …). Other contexts read a
// member from its own stream with LoadMember.
//
// May import: domain and its sub-packages, the eventstore port,
// commands/journal, uuid and the standard library.
package staff
