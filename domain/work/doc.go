// Package work is the bounded context of a firm's work: tasks (who does
// what by when), legal deadlines on matters with their reminders, and the
// workflow templates that give a newly opened matter its usual tasks and
// deadlines for its practice area.
//
// Three aggregates live here, each deciding (Create, Reschedule, Set,
// RaiseReminder, Define, …) and evolving (Apply) as the contact aggregate
// does; every refusal is a *domain.Error with a catalogue Code.
//
//   - Task, stream "task-<id>": title and description, an assignee (a staff
//     member or a team), a due date, a priority, a status, and optional links
//     to a matter and a contact.
//   - Deadline, stream "deadline-<id>": a legal deadline on a matter, with a
//     date (and optional time of day), a responsible staff member and one or
//     more reminders "N days before". ReminderRaised records each reminder
//     once; the aggregate, not a read model, knows what has been raised.
//   - WorkflowTemplate, stream "workflow-template-<practice area>": task and
//     deadline specs; Instantiate turns one into a Plan for a matter.
//
// # Whose key seals the text
//
// A task's title and description, and a deadline's title, are free text
// that lawyers fill with names: they are sealed (TaskText, DeadlineSet.Title)
// with the key of one data subject, fixed when the task is created:
//
//   - linked to a matter: the matter's key (subject "matter-<id>"), like the
//     matter's own free text, so that erasing the matter erases its tasks;
//   - else linked to a contact: the contact's key;
//   - else (a purely internal task) the task's own key, subject "task-<id>".
//     Not the assignee's: the assignee may be a team (no subject), changes on
//     reassignment (the text would need sealing anew), and the text is not
//     about them; erasing a staff member must not erase the firm's work.
//
// Links are fixed at creation, so the subject never changes. An event whose
// text could not be opened (the key was shredded) still evolves the state;
// the aggregate then refuses only changes to that text.
//
// Dates are calendar dates in Europe/Stockholm (Date); reminders fall due at
// 08:00 Stockholm time, N days before the deadline (ReminderDue).
//
// May import: the standard library and other domain packages only. No I/O,
// no clock, no ID generation: now and IDs are passed in.
package work
