package matter

import (
	"slices"

	"github.com/klient-crm/klient/domain"
)

// Apply evolves the matter by one of its own events, in stream order. It
// never fails: events are facts, already decided. An event of another kind
// still counts (it holds a place in the stream) and is otherwise ignored.
func (m *Matter) Apply(ev domain.Event) {
	m.applied++
	switch e := ev.(type) {
	case MatterOpened:
		m.id, m.number, m.status = e.MatterID, e.Number, StatusIntake
		m.practiceArea, m.details, m.responsible = e.PracticeArea, e.Details, e.ResponsibleLawyer
		m.parties, m.notes = map[string]Party{}, map[string]noteKey{}
		m.detailsKey = noteKey{subject: e.DetailsSubject}
		m.opened = e
	case MatterDetailsChanged:
		m.practiceArea, m.details = e.PracticeArea, e.Details
	case MatterDetailsRedacted:
		// The events before it replay with their text blank (their key is
		// destroyed): the reopenings' reasons are the redaction's.
		m.details, m.reopenings = e.Details, slices.Clone(e.Versions)
		m.detailsKey = noteKey{subject: e.DetailsSubject, redactions: m.detailsKey.redactions + 1}
		m.retired = append(m.retired, e.Replaced)
	case ResponsibleLawyerAssigned:
		m.responsible = e.StaffID
	case TeamChanged:
		m.members, m.teams = e.Members, e.Teams
	case AccessGranted:
		m.grants = insertSorted(m.grants, e.StaffID)
	case AccessRevoked:
		m.grants = slices.DeleteFunc(slices.Clone(m.grants), func(s string) bool { return s == e.StaffID })
	case NoteAdded:
		m.notes[e.NoteID] = noteKey{subject: e.TextSubject}
	case NoteTextRedacted:
		n := m.notes[e.NoteID]
		m.notes[e.NoteID] = noteKey{subject: e.TextSubject, redactions: n.redactions + 1}
		m.retired = append(m.retired, e.Replaced)
	default:
		m.applyParty(ev)
		m.applyLifecycle(ev)
	}
}

func (m *Matter) applyParty(ev domain.Event) {
	switch e := ev.(type) {
	case PartyAdded:
		m.parties[e.PartyID] = Party{ID: e.PartyID, ContactID: e.ContactID, Role: e.Role, Note: e.Note}
		m.conflict.partiesChangedAt = m.applied
	case PartyRoleChanged:
		m.parties[e.PartyID] = Party{ID: e.PartyID, ContactID: e.ContactID, Role: e.Role, Note: e.Note}
		m.conflict.partiesChangedAt = m.applied
	case PartyRemoved:
		delete(m.parties, e.PartyID)
		m.conflict.partiesChangedAt = m.applied
	}
}

func (m *Matter) applyLifecycle(ev domain.Event) {
	switch e := ev.(type) {
	case ConflictCheckRecorded:
		m.conflict.checkedAt, m.conflict.decision = m.applied, e.Decision
		m.conflict.declined = m.conflict.declined || e.Decision == DecisionDeclined
	case MatterActivated:
		m.status = StatusOpen
	case MatterClosed:
		m.closedFrom, m.status = m.status, StatusClosed
	case MatterReopened:
		m.status = e.Status
		if e.Reason != "" {
			m.reopenings = append(m.reopenings, m.Version())
		}
	case MatterArchived:
		m.status = StatusArchived
	}
}

// ApplyErased applies an event whose sealed fields could not be opened
// because the matter's key was shredded. From then on the matter refuses
// every change. (A party's erasure does not make the matter erased: only
// that party's note is gone.)
func (m *Matter) ApplyErased(ev domain.Event) {
	m.erased = true
	m.Apply(ev)
}

func insertSorted(list []string, s string) []string {
	i, found := slices.BinarySearch(list, s)
	if found {
		return list
	}
	return slices.Insert(slices.Clone(list), i, s)
}
