package access

import (
	"errors"
	"testing"

	"github.com/klient-crm/klient/domain"
)

const (
	staffID = "0190a000-0000-7000-8000-0000000000a1"
	wallID  = "0190a000-0000-7000-8000-0000000000b1"
	clientA = "0190a000-0000-7000-8000-0000000000c1"
)

func anna() StaffDetails { return StaffDetails{Name: " Anna Advokat ", Email: "Anna.Advokat@Byran.SE"} }

// registered is a member built from a successful registration.
func registered(t *testing.T) *StaffMember {
	t.Helper()
	var s StaffMember
	evs, err := s.Register(staffID, anna(), []Role{RoleLawyer}, []string{"tvist"})
	if err != nil || len(evs) != 1 {
		t.Fatalf("Register = %v, %v", evs, err)
	}
	s.Apply(evs[0])
	return &s
}

// types lists the event types of a decision.
func types(evs []domain.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.EventType())
	}
	return out
}

// refused fails unless the decision failed with kind and code and no events.
func refused(t *testing.T, evs []domain.Event, err error, kind domain.Kind, code string) {
	t.Helper()
	var e *domain.Error
	if len(evs) != 0 || !errors.As(err, &e) || e.Kind != kind || e.Code != code {
		t.Fatalf("got %v, %v; want %s %s and no events", types(evs), err, kind, code)
	}
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
