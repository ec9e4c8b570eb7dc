package communication

import (
	"time"

	"github.com/klient-crm/klient/domain"
)

// Event type strings are stored forever: never rename them.
const (
	TypeCommunicationLogged    = "communication.CommunicationLogged"
	TypeCommunicationCorrected = "communication.CommunicationCorrected"
	TypeFollowUpFlagged        = "communication.FollowUpFlagged"
	TypeFollowUpCleared        = "communication.FollowUpCleared"
	TypeCommunicationDeleted   = "communication.CommunicationDeleted"
)

// Content is the personal text of an entry, sealed as one field.
type Content struct {
	SubjectLine string `json:"subject_line,omitempty"`
	Body        string `json:"body,omitempty"`
}

// CommunicationLogged: a communication was recorded. DataSubject is whose
// key seals Content (see DataSubjectFor); the links never change.
type CommunicationLogged struct {
	CommunicationID string        `json:"communication_id"`
	MatterID        string        `json:"matter_id,omitempty"`
	ContactIDs      []string      `json:"contact_ids,omitempty"`
	DataSubject     string        `json:"data_subject"`
	Kind            Kind          `json:"kind"`
	OccurredAt      time.Time     `json:"occurred_at"`
	Participants    []Participant `json:"participants,omitempty"`
	Content         Content       `json:"content" personal:"DataSubject"`
}

// CommunicationCorrected carries the entry's complete corrected facts.
type CommunicationCorrected struct {
	CommunicationID string        `json:"communication_id"`
	DataSubject     string        `json:"data_subject"`
	Kind            Kind          `json:"kind"`
	OccurredAt      time.Time     `json:"occurred_at"`
	Participants    []Participant `json:"participants,omitempty"`
	Content         Content       `json:"content" personal:"DataSubject"`
}

// FollowUpFlagged: someone at the firm is to follow the entry up by DueOn.
// A new flag replaces the previous one.
type FollowUpFlagged struct {
	CommunicationID string `json:"communication_id"`
	DueOn           string `json:"due_on"`      // YYYY-MM-DD, Stockholm
	AssignedTo      string `json:"assigned_to"` // staff ID
}

// FollowUpCleared: the follow-up is done or no longer wanted.
type FollowUpCleared struct {
	CommunicationID string `json:"communication_id"`
}

// CommunicationDeleted: the entry was recorded in error. The events stay;
// lists leave the entry out.
type CommunicationDeleted struct {
	CommunicationID string `json:"communication_id"`
}

func (CommunicationLogged) EventType() string    { return TypeCommunicationLogged }
func (CommunicationCorrected) EventType() string { return TypeCommunicationCorrected }
func (FollowUpFlagged) EventType() string        { return TypeFollowUpFlagged }
func (FollowUpCleared) EventType() string        { return TypeFollowUpCleared }
func (CommunicationDeleted) EventType() string   { return TypeCommunicationDeleted }

func (CommunicationLogged) SchemaVersion() int    { return 1 }
func (CommunicationCorrected) SchemaVersion() int { return 1 }
func (FollowUpFlagged) SchemaVersion() int        { return 1 }
func (FollowUpCleared) SchemaVersion() int        { return 1 }
func (CommunicationDeleted) SchemaVersion() int   { return 1 }

// Events lists one value of every communication and document event, for
// codec registration.
func Events() []domain.Event {
	return []domain.Event{
		CommunicationLogged{}, CommunicationCorrected{}, FollowUpFlagged{},
		FollowUpCleared{}, CommunicationDeleted{}, DocumentAttached{}, DocumentRemoved{}, MailRequested{},
		LetterTemplateSaved{}, LetterTemplateRetired{}, CampaignQueued{},
	}
}

// StreamName is the event stream of one entry.
func StreamName(communicationID string) string { return "communication-" + communicationID }
