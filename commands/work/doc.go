// Package work holds the work commands: tasks (create, reassign,
// reschedule, change details, change status), deadlines (set, move,
// close, and raise a reminder for the reminder engine) and workflow
// templates (define, change, apply to a newly opened matter). One file per
// command (create_task.go, set_deadline.go, …); the Work repository
// (repository.go, with a stream file per aggregate) is what they share, on
// commands/journal. Assignees are checked with a StaffRoster port.
//
// May import: domain and its sub-packages, the eventstore port,
// commands/journal, uuid and the standard library.
package work
