package access

import (
	"slices"

	"github.com/klient-crm/klient/domain"
)

// StaffMember is the aggregate of one staff account; its zero value is the
// state before the first event. Its state changes only through Apply; its
// decision methods (Register, ChangeRoles, Deactivate, Reactivate) check
// the rules and return the events that would record the change. No events
// and no error means the member already is as asked.
type StaffMember struct {
	id           string
	details      StaffDetails
	roles        []Role
	teams        []string
	inactive     bool
	erased       bool
	registration StaffMemberRegistered // as first registered, to tell a retry from a clash
	applied      uint64                // how many events built this state
}

// Exists reports whether the member has been registered.
func (s *StaffMember) Exists() bool { return s.applied > 0 }

// Version is the stream version of the last applied event (meaningful only
// when Exists).
func (s *StaffMember) Version() uint64 { return s.applied - 1 }

// ID is the member's staff ID, which is also their data-subject ID.
func (s *StaffMember) ID() string { return s.id }

// Details are the member's name and e-mail address (zero once erased).
func (s *StaffMember) Details() StaffDetails { return s.details }

// Roles are the member's current roles, in the order of Roles.
func (s *StaffMember) Roles() []Role { return slices.Clone(s.roles) }

// Teams are the member's current teams, sorted.
func (s *StaffMember) Teams() []string { return slices.Clone(s.teams) }

// Active reports a registered member who may sign in.
func (s *StaffMember) Active() bool { return s.Exists() && !s.inactive }

// Erased reports a member whose personal data can no longer be opened.
func (s *StaffMember) Erased() bool { return s.erased }

// Apply evolves the state by one of the member's events, in stream order.
// It never fails: events are facts, already decided. An event of another
// kind still counts (it holds a place in the stream) and is otherwise
// ignored.
func (s *StaffMember) Apply(ev domain.Event) {
	s.applied++
	switch e := ev.(type) {
	case StaffMemberRegistered:
		s.id, s.details, s.roles, s.teams = e.StaffID, e.Details, e.Roles, e.Teams
		s.registration = e
	case StaffRolesChanged:
		s.roles = e.Roles
	case StaffTeamsChanged:
		s.teams = e.Teams
	case StaffMemberDeactivated:
		s.inactive = true
	case StaffMemberReactivated:
		s.inactive = false
	}
}

// ApplyErased applies an event whose personal fields could not be opened
// because the member's key was shredded. From then on the member refuses
// every change.
func (s *StaffMember) ApplyErased(ev domain.Event) {
	s.erased = true
	s.Apply(ev)
}
