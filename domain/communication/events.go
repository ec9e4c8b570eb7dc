package communication

import (
	"fmt"
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
	TypeCommunicationRedacted  = "communication.CommunicationTextRedacted"
)

// Content is the personal text of an entry, sealed as one field.
type Content struct {
	SubjectLine string `json:"subject_line,omitempty"`
	Body        string `json:"body,omitempty"`
}

// CommunicationLogged: a communication was recorded. DataSubject is whom
// the entry is about (see DataSubjectFor: its documents are sealed with
// that key); TextSubject is the entry key that seals Content, owned by
// DataSubject (domain.EntryKey), so that one entry's text can be redacted.
// Version 1 sealed Content with DataSubject's key: its upcast names that
// key as TextSubject. The links never change.
type CommunicationLogged struct {
	CommunicationID string        `json:"communication_id"`
	MatterID        string        `json:"matter_id,omitempty"`
	ContactIDs      []string      `json:"contact_ids,omitempty"`
	DataSubject     string        `json:"data_subject"`
	TextSubject     string        `json:"text_subject"`
	Kind            Kind          `json:"kind"`
	OccurredAt      time.Time     `json:"occurred_at"`
	Participants    []Participant `json:"participants,omitempty"`
	Content         Content       `json:"content" personal:"TextSubject"`
}

// CommunicationCorrected carries the entry's complete corrected facts,
// sealed with the entry's current key.
type CommunicationCorrected struct {
	CommunicationID string        `json:"communication_id"`
	DataSubject     string        `json:"data_subject"`
	TextSubject     string        `json:"text_subject"`
	Kind            Kind          `json:"kind"`
	OccurredAt      time.Time     `json:"occurred_at"`
	Participants    []Participant `json:"participants,omitempty"`
	Content         Content       `json:"content" personal:"TextSubject"`
}

// CommunicationTextRedacted: a mention of someone was taken out of the
// entry's text (docs/gdpr.md, "Mentions in other matters"). Content is
// the whole corrected text under a new entry key, TextSubject; the key of
// Replaced, which sealed every earlier version, is destroyed right after,
// so no earlier text of the entry can be read again. Who redacted and
// when are the event's metadata.
type CommunicationTextRedacted struct {
	CommunicationID string  `json:"communication_id"`
	DataSubject     string  `json:"data_subject"`
	TextSubject     string  `json:"text_subject"`
	Replaced        string  `json:"replaced"`
	Content         Content `json:"content" personal:"TextSubject"`
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
func (CommunicationTextRedacted) EventType() string {
	return TypeCommunicationRedacted
}

func (CommunicationLogged) SchemaVersion() int    { return 2 }
func (CommunicationCorrected) SchemaVersion() int { return 2 }
func (FollowUpFlagged) SchemaVersion() int        { return 1 }
func (FollowUpCleared) SchemaVersion() int        { return 1 }
func (CommunicationDeleted) SchemaVersion() int   { return 1 }
func (CommunicationTextRedacted) SchemaVersion() int {
	return 1
}

// Events lists one value of every communication and document event, for
// codec registration.
func Events() []domain.Event {
	return []domain.Event{
		CommunicationLogged{}, CommunicationCorrected{}, FollowUpFlagged{},
		FollowUpCleared{}, CommunicationDeleted{}, CommunicationTextRedacted{}, DocumentAttached{}, DocumentRemoved{}, MailRequested{},
		LetterTemplateSaved{}, LetterTemplateRetired{}, CampaignQueued{}, AutomaticMessagesSet{},
		CampaignScheduled{}, CampaignCancelled{}, CampaignStarted{},
	}
}

// Upcasts lift the entry events stored before entry keys: their text was
// sealed with DataSubject's key; and the mail requests stored before a
// mail's text was sealed apart from its address: both were sealed with
// the recipient's key.
func Upcasts() []domain.Upcast {
	return []domain.Upcast{
		{EventType: TypeMailRequested, From: 1, Lift: domain.CopyField("recipient", "text_subject")},
		{EventType: TypeCommunicationLogged, From: 1, Lift: domain.CopyField("data_subject", "text_subject")},
		{EventType: TypeCommunicationCorrected, From: 1, Lift: domain.CopyField("data_subject", "text_subject")},
	}
}

// textKey is the entry key of generation n of entry id's text (0 at
// logging, n after the n-th redaction).
func textKey(dataSubject, id string, n int) string {
	if n == 0 {
		return domain.EntryKey(dataSubject, "communication-"+id)
	}
	return domain.EntryKey(dataSubject, fmt.Sprintf("communication-%s.%d", id, n))
}

// StreamName is the event stream of one entry.
func StreamName(communicationID string) string { return "communication-" + communicationID }
