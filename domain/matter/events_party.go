package matter

// PartyAdded: a contact takes part in the matter in a role. The note on the
// role ("represents the estate", "expert for the defence") concerns that
// party alone and is sealed with the contact's key.
type PartyAdded struct {
	MatterID  string    `json:"matter_id"`
	PartyID   string    `json:"party_id"`
	ContactID string    `json:"contact_id"`
	Role      PartyRole `json:"role"`
	Note      string    `json:"note,omitempty" personal:"ContactID"`
}

// PartyRoleChanged carries the party's new role and complete new note.
type PartyRoleChanged struct {
	MatterID  string    `json:"matter_id"`
	PartyID   string    `json:"party_id"`
	ContactID string    `json:"contact_id"`
	Role      PartyRole `json:"role"`
	Note      string    `json:"note,omitempty" personal:"ContactID"`
}

// PartyRemoved: the contact no longer takes part (it was added by mistake,
// or left the case). Its earlier presence stays in the history.
type PartyRemoved struct {
	MatterID  string `json:"matter_id"`
	PartyID   string `json:"party_id"`
	ContactID string `json:"contact_id"`
}

// ResponsibleLawyerAssigned: the staff member answers for the matter.
type ResponsibleLawyerAssigned struct {
	MatterID string `json:"matter_id"`
	StaffID  string `json:"staff_id"`
}

// TeamChanged carries the complete new team: staff members and whole
// teams (by name) who work on the matter and may see it.
type TeamChanged struct {
	MatterID string   `json:"matter_id"`
	Members  []string `json:"members,omitempty"` // staff IDs, sorted
	Teams    []string `json:"teams,omitempty"`   // team names, sorted
}

// AccessGranted: a staff member outside the team may see the matter (a
// colleague consulted, a partner reviewing).
type AccessGranted struct {
	MatterID string `json:"matter_id"`
	StaffID  string `json:"staff_id"`
}

// AccessRevoked ends a grant.
type AccessRevoked struct {
	MatterID string `json:"matter_id"`
	StaffID  string `json:"staff_id"`
}
