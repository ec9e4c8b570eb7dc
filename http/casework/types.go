package casework

import (
	"time"

	"github.com/klient-crm/klient/domain/communication"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/domain/matter"
	workdomain "github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/http/casework/conflicts"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/work"
)

// MatterJSON is one matter as the API returns it; its version is the
// ETag a change sends back in If-Match.
type MatterJSON struct {
	ID                   string    `json:"id"`
	Number               string    `json:"number"`
	Title                string    `json:"title"`
	Description          string    `json:"description"`
	PracticeArea         string    `json:"practice_area"`
	Status               string    `json:"status"`
	ResponsibleLawyer    string    `json:"responsible_lawyer"`
	TeamMembers          []string  `json:"team_members"`
	Teams                []string  `json:"teams"`
	ClientIDs            []string  `json:"client_ids"`
	ConflictDecision     string    `json:"conflict_decision,omitempty"`
	ConflictCheckCurrent bool      `json:"conflict_check_current"`
	Erased               bool      `json:"erased"`
	Version              uint64    `json:"version"`
	OpenedAt             time.Time `json:"opened_at"`
	UpdatedAt            time.Time `json:"updated_at"`
	// Notes are given with one matter (GET /api/v1/matters/{id}), not in
	// lists: a list does not open every file.
	Notes []NoteJSON `json:"notes,omitempty"`
}

func matterOut(m matters.Matter) MatterJSON {
	return MatterJSON{ID: m.ID, Number: m.Number, Title: m.Title, Description: m.Description,
		PracticeArea: m.PracticeArea, Status: string(m.Status), ResponsibleLawyer: m.ResponsibleLawyer,
		TeamMembers: nonNil(m.TeamMembers), Teams: nonNil(m.Teams), ClientIDs: nonNil(m.ClientIDs),
		ConflictDecision: string(m.ConflictDecision), ConflictCheckCurrent: m.ConflictCheckCurrent,
		Erased: m.Erased, Version: m.Version, OpenedAt: m.OpenedAt, UpdatedAt: m.UpdatedAt}
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// PartyJSON is one party of a matter. A party the caller is walled from
// is only its role and hidden: true, as the page shows "(dold kontakt)":
// no contact ID, no party ID (derived from the contact's) and no note.
type PartyJSON struct {
	PartyID   string           `json:"party_id,omitempty"`
	ContactID string           `json:"contact_id,omitempty"`
	Role      matter.PartyRole `json:"role"`
	Note      string           `json:"note,omitempty"`
	Hidden    bool             `json:"hidden,omitempty"`
}

type ProbeJSON struct {
	ContactID string              `json:"contact_id"`
	Role      matter.PartyRole    `json:"role"` // the party's role in this matter
	Hits      []conflicts.HitJSON `json:"hits"`
}

// ConflictJSON is a check's result: send fingerprint and version back
// with the decision.
type ConflictJSON struct {
	MatterID    string      `json:"matter_id"`
	Version     uint64      `json:"version"`
	Fingerprint string      `json:"fingerprint"`
	Hits        int         `json:"hits"`
	Parties     []ProbeJSON `json:"parties"`
}

// EntryJSON is one communication log entry.
type EntryJSON struct {
	ID           string                      `json:"id"`
	Kind         communication.Kind          `json:"kind"`
	OccurredAt   time.Time                   `json:"occurred_at"`
	MatterID     string                      `json:"matter_id,omitempty"`
	ContactIDs   []string                    `json:"contact_ids"`
	Participants []communication.Participant `json:"participants"`
	SubjectLine  string                      `json:"subject_line"`
	Body         string                      `json:"body"`
	FollowUp     *FollowUpJSON               `json:"follow_up,omitempty"`
	Erased       bool                        `json:"erased"`
	Corrected    bool                        `json:"corrected"`
	CorrectedAt  *time.Time                  `json:"corrected_at,omitempty"`
	UpdatedAt    time.Time                   `json:"updated_at"`
	Version      uint64                      `json:"version"`
	// Special: marked as holding special categories (art. 9, 10); a list
	// gives such an entry without its subject line and body.
	Special           bool                        `json:"special"`
	SpecialCategories []domaindpo.SpecialCategory `json:"special_categories,omitempty"`
}

func entryOut(e communications.Entry) EntryJSON {
	ps := e.Participants
	if ps == nil {
		ps = []communication.Participant{}
	}
	return EntryJSON{ID: e.ID, Kind: e.Kind, OccurredAt: e.OccurredAt, MatterID: e.MatterID, ContactIDs: nonNil(e.ContactIDs),
		Participants: ps, SubjectLine: e.SubjectLine, Body: e.Body, FollowUp: followUpOut(e.FollowUp), Erased: e.Erased,
		Corrected: e.CorrectedAt != nil, CorrectedAt: e.CorrectedAt, UpdatedAt: e.UpdatedAt, Version: e.Version,
		Special: e.Special, SpecialCategories: e.SpecialCategories}
}

// TaskJSON is one task.
type TaskJSON struct {
	ID          string                `json:"id"`
	Title       string                `json:"title"`
	Description string                `json:"description"`
	Assignee    workdomain.Assignee   `json:"assignee"`
	Due         workdomain.Date       `json:"due"`
	Priority    workdomain.Priority   `json:"priority"`
	Status      workdomain.TaskStatus `json:"status"`
	MatterID    string                `json:"matter_id,omitempty"`
	ContactID   string                `json:"contact_id,omitempty"`
	Version     uint64                `json:"version"`
}

func taskOut(t work.Task) TaskJSON {
	return TaskJSON{ID: t.ID, Title: t.Title, Description: t.Description, Assignee: t.Assignee, Due: t.Due,
		Priority: t.Priority, Status: t.Status, MatterID: t.MatterID, ContactID: t.ContactID, Version: t.Version}
}

// DeadlineJSON is one deadline.
type DeadlineJSON struct {
	ID          string                    `json:"id"`
	MatterID    string                    `json:"matter_id"`
	Title       string                    `json:"title"`
	Kind        workdomain.DeadlineKind   `json:"kind"`
	Date        workdomain.Date           `json:"date"`
	Time        workdomain.TimeOfDay      `json:"time,omitempty"`
	Responsible string                    `json:"responsible"`
	Status      workdomain.DeadlineStatus `json:"status"`
	Reminders   []int                     `json:"reminders"`
	// ConcernsClient: the matter's clients get the automatic reminder of it.
	ConcernsClient bool   `json:"concerns_client"`
	Version        uint64 `json:"version"`
}

func deadlineOut(d work.Deadline) DeadlineJSON {
	return DeadlineJSON{ID: d.ID, MatterID: d.MatterID, Title: d.Title, Kind: d.Kind, Date: d.Date, Time: d.Time,
		Responsible: d.Responsible, Status: d.Status, Reminders: reminderDays(d), ConcernsClient: d.ConcernsClient, Version: d.Version}
}

// FollowUpJSON is a communication's follow-up as the API writes it: the day
// it is due (YYYY-MM-DD, Stockholm) and the staff member it falls to.
type FollowUpJSON struct {
	DueOn      string `json:"due_on"`
	AssignedTo string `json:"assigned_to"`
}

func followUpOut(f *communications.FollowUp) *FollowUpJSON {
	if f == nil {
		return nil
	}
	return &FollowUpJSON{DueOn: f.DueOn, AssignedTo: f.AssignedTo}
}

// followUpIn is the follow-up a request asks for, in the domain's words.
func followUpIn(f *FollowUpJSON) *communication.FollowUp {
	if f == nil {
		return nil
	}
	return &communication.FollowUp{DueOn: f.DueOn, AssignedTo: f.AssignedTo}
}
