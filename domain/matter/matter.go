package matter

import (
	"maps"
	"slices"

	"github.com/klient-crm/klient/domain"
)

// Matter is the aggregate of one matter; its zero value is the state
// before the first event. Its state changes only through Apply; its
// decision methods check the rules and return the events that would record
// the change, without applying them. No events and no error means the
// matter already is as asked.
type Matter struct {
	id, number   string
	practiceArea string
	details      Details
	detailsKey   noteKey  // whose key seals the details now, and how many redactions
	reopenings   []uint64 // the stream versions of the reopenings that gave a reason, oldest first
	status       Status
	closedFrom   Status // the status Close left, to which Reopen returns
	responsible  string
	members      []string
	teams        []string
	grants       []string
	parties      map[string]Party   // by party ID
	notes        map[string]noteKey // by note ID, so that a resent note is not added twice
	retired      []string           // the keys redactions replaced (notes' and details')
	conflict     conflictState
	opened       MatterOpened // as first opened, to tell a retry from a clash
	erased       bool
	applied      uint64 // how many events built this state
}

// conflictState is what activation needs to know of the checks.
type conflictState struct {
	partiesChangedAt uint64 // event count when the parties last changed
	checkedAt        uint64 // event count when the last check was recorded; 0 for none
	decision         ConflictDecision
	declined         bool // a declined decision is final
}

// Exists reports whether the matter has been opened.
func (m *Matter) Exists() bool { return m.applied > 0 }

// Version is the stream version of the last applied event (meaningful
// only when Exists).
func (m *Matter) Version() uint64 { return m.applied - 1 }

// ID is the matter's ID.
func (m *Matter) ID() string { return m.id }

// Number is the matter's number, YYYY-NNNN.
func (m *Matter) Number() string { return m.number }

// Status is where the matter is in its life.
func (m *Matter) Status() Status { return m.status }

// PracticeArea is the matter's practice area.
func (m *Matter) PracticeArea() string { return m.practiceArea }

// Details are the title and description (zero once the matter is erased).
func (m *Matter) Details() Details { return m.details }

// ResponsibleLawyer is the staff ID of who answers for the matter.
func (m *Matter) ResponsibleLawyer() string { return m.responsible }

// Team is the staff members and teams who work on the matter, sorted.
func (m *Matter) Team() (members, teams []string) {
	return slices.Clone(m.members), slices.Clone(m.teams)
}

// Grants are the staff members outside the team who may see the matter.
func (m *Matter) Grants() []string { return slices.Clone(m.grants) }

// Parties lists the current parties, by party ID.
func (m *Matter) Parties() []Party {
	var out []Party
	for _, id := range slices.Sorted(maps.Keys(m.parties)) {
		out = append(out, m.parties[id])
	}
	return out
}

// Erased reports a matter whose key was shredded: its file is gone.
func (m *Matter) Erased() bool { return m.erased }

// partyOfContact returns the current party that contactID is, if any.
func (m *Matter) partyOfContact(contactID string) (Party, bool) {
	for _, p := range m.parties {
		if p.ContactID == contactID {
			return p, true
		}
	}
	return Party{}, false
}

// clients counts the current parties in the role of client.
func (m *Matter) clients() int {
	n := 0
	for _, p := range m.parties {
		if p.Role == RoleClient {
			n++
		}
	}
	return n
}

// changeable is the first check of every decision on an existing matter:
// it must exist, still hold its file, and not be archived.
func (m *Matter) changeable() error {
	if !m.Exists() {
		return domain.NotFound("there is no such matter").WithCode("matter.not_found")
	}
	if m.erased {
		return erasedError()
	}
	if m.status == StatusArchived {
		return domain.Conflict("this matter is archived; nothing on it can change").WithCode("matter.archived")
	}
	return nil
}

// active is changeable for decisions that only an intake or open matter
// takes: its parties, details and team are frozen once it is closed.
func (m *Matter) active() error {
	if err := m.changeable(); err != nil {
		return err
	}
	if m.status == StatusClosed {
		return domain.Conflict("this matter is closed; reopen it first").WithCode("matter.closed")
	}
	return nil
}

func erasedError() error {
	return domain.Erased("this matter's file has been erased").WithCode("matter.erased")
}
