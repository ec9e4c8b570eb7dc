package staff_test

import (
	"testing"

	"github.com/klient-crm/klient/projections/projtest"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/staff"
)

// world is one test's database with the real store, keyring, codec and a
// projections runtime holding the staff projector.
type world struct{ *projtest.World }

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{projtest.New(t, projtest.Config{Projectors: []projections.Projector{staff.NewProjector()},
		Events: access.Events(), Actor: "admin-1"})}
	return w
}

// caughtUp waits until the read model holds everything written so far.
func (w *world) caughtUp() {
	w.T.Helper()
	w.CaughtUp("staff")
}

// register writes a member's registration and returns their ID.
func (w *world) register(name, email string, roles []access.Role, teams ...string) string {
	id := newID()
	w.Write(access.StaffStreamName(id), access.StaffMemberRegistered{StaffID: id,
		Details: access.StaffDetails{Name: name, Email: email}, Roles: roles, Teams: teams})
	return id
}

// erect writes a wall and returns its ID.
func (w *world) erect(target access.Target, users, teams []string) string {
	id := newID()
	w.Write(access.WallStreamName(id), access.WallErected{WallID: id, Target: target, Users: users, Teams: teams,
		ReasonSubject: access.WallReasonSubject(target), Reason: "conflict: counterparty in matter 2026-0042"})
	return id
}

var newID = projtest.NewID

var must = projtest.Must
