package access

// Event type strings are stored forever: never rename them.
const (
	TypeStaffMemberRegistered  = "access.StaffMemberRegistered"
	TypeStaffRolesChanged      = "access.StaffRolesChanged"
	TypeStaffTeamsChanged      = "access.StaffTeamsChanged"
	TypeStaffMemberDeactivated = "access.StaffMemberDeactivated"
	TypeStaffMemberReactivated = "access.StaffMemberReactivated"
)

// StaffDetails is who a staff member is. All of it is personal data.
type StaffDetails struct {
	Name  string `json:"name"`
	Email string `json:"email"` // lower case: it is also the sign-in name
}

// StaffMemberRegistered: someone at the firm got an account. The staff ID
// is also the member's data-subject ID, so their details are sealed with
// their own key and can be erased like any contact's.
type StaffMemberRegistered struct {
	StaffID string       `json:"staff_id"`
	Details StaffDetails `json:"details" personal:"StaffID"`
	Roles   []Role       `json:"roles"`
	Teams   []string     `json:"teams,omitempty"`
}

// StaffRolesChanged carries the member's complete new set of roles.
type StaffRolesChanged struct {
	StaffID string `json:"staff_id"`
	Roles   []Role `json:"roles"`
}

// StaffTeamsChanged carries the member's complete new set of teams (none
// is a set too).
type StaffTeamsChanged struct {
	StaffID string   `json:"staff_id"`
	Teams   []string `json:"teams,omitempty"`
}

// StaffMemberDeactivated: the member may no longer sign in. Nothing is
// deleted; their name stays on what they did.
type StaffMemberDeactivated struct {
	StaffID string `json:"staff_id"`
}

// StaffMemberReactivated: a deactivated member may sign in again.
type StaffMemberReactivated struct {
	StaffID string `json:"staff_id"`
}

func (StaffMemberRegistered) EventType() string  { return TypeStaffMemberRegistered }
func (StaffRolesChanged) EventType() string      { return TypeStaffRolesChanged }
func (StaffTeamsChanged) EventType() string      { return TypeStaffTeamsChanged }
func (StaffMemberDeactivated) EventType() string { return TypeStaffMemberDeactivated }
func (StaffMemberReactivated) EventType() string { return TypeStaffMemberReactivated }

func (StaffMemberRegistered) SchemaVersion() int  { return 1 }
func (StaffRolesChanged) SchemaVersion() int      { return 1 }
func (StaffTeamsChanged) SchemaVersion() int      { return 1 }
func (StaffMemberDeactivated) SchemaVersion() int { return 1 }
func (StaffMemberReactivated) SchemaVersion() int { return 1 }

// StaffStreamName is the event stream of one staff member.
func StaffStreamName(staffID string) string { return "staff-" + staffID }
