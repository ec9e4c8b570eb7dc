// Package work is the read model of tasks, deadlines and reminders
// (tasks_v1, deadlines_v1, deadline_reasons_v1, reminders_v1), the projector that keeps it from
// the work events, and the query functions over it: MyTasks, Tasks,
// TeamTasks, ForMatter, GetTask, Deadlines, GetDeadline, RaisedReminders
// and DueReminders.
//
// It also holds two things that work beside the read model:
//
//   - ReminderEngine, which every `klient serve` instance runs: once a
//     minute it asks DueReminders which reminders have fallen due and are
//     not raised, and raises each through its ReminderRaiser port (the
//     commands' RaiseReminderHandler). The read model only says where to
//     look; the deadline aggregate decides, and appends with the exact
//     expected version, so each reminder is raised exactly once across
//     restarts and instances.
//   - The iCalendar feed (RFC 5545): WriteCalendar writes a staff member's
//     deadlines (VEVENT, with VALARMs for their reminders) and open tasks
//     (all-day VEVENT, or VTODO), with the words the web edge gives it
//     (FeedWords: matter numbers, category names); CalendarFor gathers them. Feed URLs carry a secret token per
//     staff member (CreateFeedToken, RevokeFeedToken, StaffForFeedToken);
//     only its SHA-256 is stored, in calendar_tokens, which is not derived
//     from events and has its own migrations (Migrations, component "work").
//
// The rows hold opened titles and descriptions: personal data sealed with
// a matter's, a contact's or a task's own key. An event whose key is gone
// blanks the text and marks the row erased, and the calendar feed leaves
// erased items out. The feed carries titles only, never descriptions: it
// is read by calendar apps outside the firm.
//
// May import: projections, domain (and domain/work), eventstore (for
// Decoded), internal/pgmigrate, pgx and the standard library.
package work
