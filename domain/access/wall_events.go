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
// Reason, one short line, says why ("jäv: Anna Berg är motpart i
// 2026-0042"), and so may describe a person: it is sealed with the key of
// the record the wall stands before (ReasonSubject, WallReasonSubject),
// and goes when that contact is erased or that matter's file destroyed
// (issue 11, item 1). Walls erected before kept their reason in the clear
// (LegacyReason); Why reads either.
type WallErected struct {
	WallID        string   `json:"wall_id"`
	Target        Target   `json:"target"`
	Users         []string `json:"users,omitempty"` // staff IDs
	Teams         []string `json:"teams,omitempty"`
	ReasonSubject string   `json:"reason_subject,omitempty"`
	Reason        string   `json:"reason_sealed,omitempty" personal:"ReasonSubject"`
	LegacyReason  string   `json:"reason,omitempty"`
}

// Why is the wall's reason, sealed or, for a wall erected before reasons
// were sealed, as it was written.
func (e WallErected) Why() string {
	if e.Reason != "" {
		return e.Reason
	}
	return e.LegacyReason
}

// WallReasonSubject is whose key seals the reason of a wall before t: the
// contact's, or the matter's ("matter-<id>", as matter.Subject writes it;
// this package cannot import the matter context, which imports it).
func WallReasonSubject(t Target) string {
	if t.Kind == TargetMatter {
		return "matter-" + t.ID
	}
	return t.ID
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
