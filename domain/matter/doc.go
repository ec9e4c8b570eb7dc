// Package matter is the bounded context of a firm's matters (ärenden): the
// file a firm keeps on one engagement, its parties, who works on it, the
// conflict checks that cleared it, and its life from intake to archive.
//
// # Keys: whose data is sealed with whose key
//
// A matter is a data subject of its own: its subject ID is "matter-<id>"
// (Subject). Its title, description, notes, the inputs and reasons of its
// conflict checks and the reason for reopening it may all name people, and
// they are sealed with the matter's key, not with the key of a person they
// name. Erasing one party (shredding that contact's key) must not destroy
// the firm's file on the matter, which the statutory retention rules
// (advokatsamfundets regler, bokföringslagen, penningtvättslagen) oblige the
// firm to keep; the matter's key is shredded when the matter's own retention
// ends, and then the whole file goes at once. What concerns one party alone
// is sealed with that party's key: the note on a party's role goes when that
// contact is erased.
//
// The notes and the title and description are sealed with entry keys the
// matter owns (domain.EntryKey: "matter-<id>/note-<id>",
// "matter-<id>/details"), destroyed with the matter's key, so that a
// mention of an erased person in them can be redacted alone (RedactNote,
// RedactDetails). Since the details no longer open with the matter's key,
// the opening seals its number with that key (MatterOpened.File): the
// field whose failure to open tells the aggregate and the read models that
// retention destroyed the file.
//
// # Numbers
//
// Every matter gets a system-assigned number YYYY-NNNN, unique and without
// gaps within a year. Numbers are reserved on a numbering stream per year
// (NumberingStream, "matter-numbers-YYYY"): the Nth MatterNumberReserved
// event of the stream reserves number N, and it is appended with the exact
// expected version of the stream as read, so two openings racing for
// N cannot both win; the loser reads on and tries N+1. The reservation
// names the matter, so a retry of the same opening finds its number and
// reuses it instead of taking another. The numbering stream is the
// register of numbers: each number from 1 up is reserved exactly once, to
// one matter ID, and that matter was opened or the number was voided
// (MatterNumberVoided): an opening that stopped between reserving and
// opening (a crash) leaves a reservation whose matter stream never comes,
// and the next reservation made two minutes or more after it voids it. A
// voided number is never given again; a late retry of that opening gets a
// new one. After the 9999th matter of a year the sequence simply
// grows a digit (2026-10000).
//
// # Life of a matter
//
//	intake ──Activate──▶ open ──Close──▶ closed ──Archive──▶ archived
//	  │                                   ▲   │
//	  └───────────────Close───────────────┘   └──Reopen (reason)──▶ the status it was closed from
//
// An intake becomes open only after a conflict check that was recorded
// after the last change of parties and whose decision is clear or waived
// (a waiver needs a reason). A declined check is final: that intake can
// never open (the firm declined the engagement; a new intake is a new
// matter) and no further check is recorded on it. An intake that does not
// proceed is closed, so that its retention starts. Reopening a closed
// matter needs a reason and returns it to where it was; an open matter
// reopened needs no fresh check, since its parties could not change while
// it was closed and later matters' checks see its parties anyway. Closed
// matters take no new parties, no party changes, no changes of details or
// team; notes and access grants remain possible until the matter is
// archived, after which nothing changes.
//
// Matter decides (Open, ChangeDetails, AddParty, RecordConflictCheck,
// Activate, …) and evolves (Apply), as the contact aggregate does; facts it
// cannot know itself (whether a contact exists, whether a staff member is
// an active lawyer) are checked by the caller with CheckPartyContact and
// CheckStaff. Every refusal is a *domain.Error with a catalogue Code.
//
// May import: the standard library and other domain packages only. No I/O,
// no clock, no ID generation: now and IDs are passed in.
package matter
