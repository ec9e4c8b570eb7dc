package matter

import "github.com/klient-crm/klient/domain"

// Event type strings are stored forever: never rename them.
const (
	TypeMatterNumberReserved      = "matter.MatterNumberReserved"
	TypeMatterNumberVoided        = "matter.MatterNumberVoided"
	TypeMatterOpened              = "matter.MatterOpened"
	TypeMatterDetailsChanged      = "matter.MatterDetailsChanged"
	TypePartyAdded                = "matter.PartyAdded"
	TypePartyRoleChanged          = "matter.PartyRoleChanged"
	TypePartyRemoved              = "matter.PartyRemoved"
	TypeResponsibleLawyerAssigned = "matter.ResponsibleLawyerAssigned"
	TypeTeamChanged               = "matter.TeamChanged"
	TypeAccessGranted             = "matter.AccessGranted"
	TypeAccessRevoked             = "matter.AccessRevoked"
	TypeConflictCheckRecorded     = "matter.ConflictCheckRecorded"
	TypeMatterActivated           = "matter.MatterActivated"
	TypeMatterClosed              = "matter.MatterClosed"
	TypeMatterReopened            = "matter.MatterReopened"
	TypeMatterArchived            = "matter.MatterArchived"
	TypeNoteAdded                 = "matter.NoteAdded"
	TypeNoteTextRedacted          = "matter.NoteTextRedacted"
	TypeMatterDetailsRedacted     = "matter.MatterDetailsRedacted"
)

// Events lists one value of every matter event, for codec registration.
func Events() []domain.Event {
	return []domain.Event{
		MatterNumberReserved{}, MatterNumberVoided{}, MatterOpened{}, MatterDetailsChanged{},
		PartyAdded{}, PartyRoleChanged{}, PartyRemoved{},
		ResponsibleLawyerAssigned{}, TeamChanged{}, AccessGranted{}, AccessRevoked{},
		ConflictCheckRecorded{}, MatterActivated{}, MatterClosed{}, MatterReopened{},
		MatterArchived{}, NoteAdded{}, LateralHireChecked{}, NoteTextRedacted{}, MatterDetailsRedacted{},
	}
}

// Upcasts lift the notes and details written before entry keys: their
// text was sealed with the matter's key.
func Upcasts() []domain.Upcast {
	return []domain.Upcast{
		{EventType: TypeNoteAdded, From: 1, Lift: domain.CopyField("matter_subject", "text_subject")},
		{EventType: TypeMatterOpened, From: 1, Lift: domain.CopyField("matter_subject", "details_subject")},
		{EventType: TypeMatterDetailsChanged, From: 1, Lift: domain.CopyField("matter_subject", "details_subject")},
		{EventType: TypeMatterReopened, From: 1, Lift: domain.CopyField("matter_subject", "reason_subject")},
	}
}

// StreamName is the event stream of one matter.
func StreamName(matterID string) string { return "matter-" + matterID }

// Subject is the data-subject ID whose key seals the matter's own text
// (conflict-check inputs and reasons, a reopening's reason, the file's
// sign) and owns the entry keys of its notes and details. It is the stream
// name too, which no contact or staff ID (a UUID) can be.
func Subject(matterID string) string { return "matter-" + matterID }

func (MatterNumberReserved) EventType() string      { return TypeMatterNumberReserved }
func (MatterNumberVoided) EventType() string        { return TypeMatterNumberVoided }
func (MatterOpened) EventType() string              { return TypeMatterOpened }
func (MatterDetailsChanged) EventType() string      { return TypeMatterDetailsChanged }
func (PartyAdded) EventType() string                { return TypePartyAdded }
func (PartyRoleChanged) EventType() string          { return TypePartyRoleChanged }
func (PartyRemoved) EventType() string              { return TypePartyRemoved }
func (ResponsibleLawyerAssigned) EventType() string { return TypeResponsibleLawyerAssigned }
func (TeamChanged) EventType() string               { return TypeTeamChanged }
func (AccessGranted) EventType() string             { return TypeAccessGranted }
func (AccessRevoked) EventType() string             { return TypeAccessRevoked }
func (ConflictCheckRecorded) EventType() string     { return TypeConflictCheckRecorded }
func (MatterActivated) EventType() string           { return TypeMatterActivated }
func (MatterClosed) EventType() string              { return TypeMatterClosed }
func (MatterReopened) EventType() string            { return TypeMatterReopened }
func (MatterArchived) EventType() string            { return TypeMatterArchived }
func (NoteAdded) EventType() string                 { return TypeNoteAdded }
func (NoteTextRedacted) EventType() string          { return TypeNoteTextRedacted }
func (MatterDetailsRedacted) EventType() string     { return TypeMatterDetailsRedacted }

func (MatterNumberReserved) SchemaVersion() int      { return 1 }
func (MatterNumberVoided) SchemaVersion() int        { return 1 }
func (MatterOpened) SchemaVersion() int              { return 2 }
func (MatterDetailsChanged) SchemaVersion() int      { return 2 }
func (PartyAdded) SchemaVersion() int                { return 1 }
func (PartyRoleChanged) SchemaVersion() int          { return 1 }
func (PartyRemoved) SchemaVersion() int              { return 1 }
func (ResponsibleLawyerAssigned) SchemaVersion() int { return 1 }
func (TeamChanged) SchemaVersion() int               { return 1 }
func (AccessGranted) SchemaVersion() int             { return 1 }
func (AccessRevoked) SchemaVersion() int             { return 1 }
func (ConflictCheckRecorded) SchemaVersion() int     { return 1 }
func (MatterActivated) SchemaVersion() int           { return 1 }
func (MatterClosed) SchemaVersion() int              { return 1 }
func (MatterReopened) SchemaVersion() int            { return 2 }
func (MatterArchived) SchemaVersion() int            { return 1 }
func (NoteAdded) SchemaVersion() int                 { return 2 }
func (NoteTextRedacted) SchemaVersion() int          { return 1 }
func (MatterDetailsRedacted) SchemaVersion() int     { return 1 }
