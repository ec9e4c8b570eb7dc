package access

import "github.com/klient-crm/klient/domain"

// Event type strings are stored forever: never rename them.
const (
	TypeWallErected = "access.WallErected"
	TypeWallLifted  = "access.WallLifted"
)

// TargetKind says what sort of record a wall keeps people away from.
type TargetKind string

// The kinds of record a wall can stand in front of.
const (
	TargetContact TargetKind = "contact"
	TargetMatter  TargetKind = "matter"
)

// Target is one walled record.
type Target struct {
	Kind TargetKind `json:"kind"`
	ID   string     `json:"id"`
}

// WallErected: the listed staff members and every member of the listed
// teams may no longer see or touch the target, whatever their roles.
// Reason is the firm's own business information (say, "conflict:
// counterparty in matter 2026-0042"), not a person's, so it is not sealed;
// it is limited to one short line.
type WallErected struct {
	WallID string   `json:"wall_id"`
	Target Target   `json:"target"`
	Users  []string `json:"users,omitempty"` // staff IDs
	Teams  []string `json:"teams,omitempty"`
	Reason string   `json:"reason"`
}

// WallLifted: the wall no longer applies. A wall is never raised again;
// a new one is erected instead, so each wall's history stays simple.
type WallLifted struct {
	WallID string `json:"wall_id"`
}

func (WallErected) EventType() string { return TypeWallErected }
func (WallLifted) EventType() string  { return TypeWallLifted }

func (WallErected) SchemaVersion() int { return 1 }
func (WallLifted) SchemaVersion() int  { return 1 }

// WallStreamName is the event stream of one wall.
func WallStreamName(wallID string) string { return "wall-" + wallID }

// Events lists one value of every access event, for codec registration.
func Events() []domain.Event {
	return []domain.Event{
		StaffMemberRegistered{}, StaffRolesChanged{}, StaffTeamsChanged{},
		StaffMemberDeactivated{}, StaffMemberReactivated{},
		WallErected{}, WallLifted{},
	}
}
