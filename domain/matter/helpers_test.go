package matter

import (
	"errors"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
)

const (
	matterID   = "0190a000-0000-7000-8000-00000000aaaa"
	clientID   = "0190a000-0000-7000-8000-000000000001"
	otherID    = "0190a000-0000-7000-8000-000000000002"
	lawyerID   = "0190a000-0000-7000-8000-0000000000ff"
	clientPart = "p-client"
	otherPart  = "p-other"
)

var ranAt = time.Date(2026, time.March, 15, 9, 30, 0, 0, time.UTC)

func validOpening() Opening {
	return Opening{
		Title: "Tvist om hyresavtal", PracticeArea: "fastighetsrätt", ResponsibleLawyer: lawyerID,
		Parties: []NewParty{
			{PartyID: clientPart, ContactID: clientID, Role: RoleClient},
			{PartyID: otherPart, ContactID: otherID, Role: RoleCounterparty, Note: "hyresvärd"},
		},
	}
}

// opened is an intake with a client and a counterparty.
func opened(t *testing.T) *Matter {
	t.Helper()
	var m Matter
	events, err := m.Open(matterID, "2026-0001", validOpening(), PracticeAreas{})
	if err != nil || len(events) != 3 {
		t.Fatalf("Open = %v, %v", events, err)
	}
	return then(&m, events)
}

// then applies decided events to m.
func then(m *Matter, events []domain.Event) *Matter {
	for _, e := range events {
		m.Apply(e)
	}
	return m
}

// check is a recorded-check input over the parties of validOpening.
func check(decision ConflictDecision, reason string) ConflictCheck {
	return ConflictCheck{CheckID: "check-1", RanAt: ranAt, Decision: decision, Reason: reason, DecidedBy: lawyerID,
		Inputs: []PartyProbe{{ContactID: clientID, Names: []string{"Åsa Öberg"}}, {ContactID: otherID}}}
}

// must applies what a decision decided, failing on a refusal.
func must(t *testing.T, m *Matter) func([]domain.Event, error) *Matter {
	return func(events []domain.Event, err error) *Matter {
		t.Helper()
		if err != nil {
			t.Fatalf("decision refused: %v", err)
		}
		return then(m, events)
	}
}

// refused fails unless the decision failed with kind and code and no events.
func refused(t *testing.T, got []domain.Event, err error, kind domain.Kind, code string) {
	t.Helper()
	if len(got) != 0 || domain.KindOf(err) != kind || codeOf(err) != code {
		t.Fatalf("got %v, %v; want %s %s and no events", got, err, kind, code)
	}
}

func codeOf(err error) string {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// fieldsOf lists "field code" of every problem err joins.
func fieldsOf(err error) []string {
	var out []string
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			out = append(out, fieldsOf(e)...)
		}
		return out
	}
	var e *domain.Error
	if errors.As(err, &e) {
		out = append(out, e.Field+" "+e.Code)
	}
	return out
}
