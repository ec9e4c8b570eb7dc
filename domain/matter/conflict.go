package matter

import (
	"maps"
	"slices"
	"time"

	"github.com/klient-crm/klient/domain"
)

// ConflictCheck is a check that was run over the matter's parties, with
// the decision a lawyer took on its result.
type ConflictCheck struct {
	CheckID   string
	RanAt     time.Time
	Position  LogPosition
	Inputs    []PartyProbe // one per current party
	Hits      []ConflictHit
	Decision  ConflictDecision
	Reason    string // required for a waiver
	DecidedBy string // staff ID
}

// RecordConflictCheck decides to record a check and its decision. The
// check must cover exactly the current parties: a check run before the
// parties changed says nothing about them. A declined decision is final;
// no check is recorded after it.
func (m *Matter) RecordConflictCheck(c ConflictCheck) ([]domain.Event, error) {
	if err := m.active(); err != nil {
		return nil, err
	}
	if m.conflict.declined {
		return nil, declinedError()
	}
	reason, err := checkDecision(c)
	if err != nil {
		return nil, err
	}
	if !m.coversParties(c.Inputs) {
		return nil, domain.Conflict("the parties changed since the check ran; run it again").WithCode("matter.conflict.parties_changed")
	}
	return []domain.Event{ConflictCheckRecorded{MatterID: m.id, MatterSubject: Subject(m.id), CheckID: c.CheckID,
		RanAt: c.RanAt, Position: c.Position, Inputs: c.Inputs, Hits: c.Hits, Decision: c.Decision,
		Reason: reason, DecidedBy: c.DecidedBy}}, nil
}

func checkDecision(c ConflictCheck) (string, error) {
	var idErr, decisionErr, byErr error
	if !domain.ValidID(c.CheckID) {
		idErr = domain.Invalid("check_id", "this is not a check ID").WithCode("matter.conflict.check_id")
	}
	if !slices.Contains(Decisions, c.Decision) {
		decisionErr = domain.Invalid("decision", "decide clear, waived or declined").WithCode("matter.conflict.decision")
	}
	if !domain.ValidID(c.DecidedBy) {
		byErr = domain.Invalid("decided_by", "a decision needs a staff member who took it").WithCode("matter.staff.required")
	}
	reason, reasonErr := cleanBlock("reason", c.Reason, maxReasonLength, false)
	if reasonErr == nil && reason == "" && c.Decision == DecisionWaived {
		reasonErr = domain.Invalid("reason", "a waiver needs its reason").WithCode("matter.conflict.waiver_reason")
	}
	return reason, domain.JoinProblems(idErr, decisionErr, byErr, reasonErr)
}

// coversParties reports whether the inputs name exactly the current
// parties' contacts.
func (m *Matter) coversParties(inputs []PartyProbe) bool {
	want := map[string]bool{}
	for _, p := range m.parties {
		want[p.ContactID] = true
	}
	got := map[string]bool{}
	for _, in := range inputs {
		got[in.ContactID] = true
	}
	return len(inputs) == len(got) && maps.Equal(want, got)
}

// PartiesToCheck lists the parties a conflict check must cover now. It
// refuses a matter on which no check can be recorded: closed, archived,
// erased, or declined already.
func (m *Matter) PartiesToCheck() ([]Party, error) {
	if err := m.active(); err != nil {
		return nil, err
	}
	if m.conflict.declined {
		return nil, declinedError()
	}
	return m.Parties(), nil
}

// ConflictCheckCurrent reports whether the last recorded check came after
// the last change of parties, and what it decided.
func (m *Matter) ConflictCheckCurrent() (ConflictDecision, bool) {
	c := m.conflict
	return c.decision, c.checkedAt > 0 && c.checkedAt > c.partiesChangedAt
}

func declinedError() error {
	return domain.Conflict("the conflict check of this intake was declined; it cannot open").WithCode("matter.conflict.declined")
}
