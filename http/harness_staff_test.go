package http_test

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
)

// testPassword is every test member's password: long and uncommon enough
// for the policy.
const testPassword = "korrekt häst batteri häftstift"

// member is a staff member a test made.
type member struct {
	ID, Email string
}

var admin = journal.Actor{ID: "00000000-0000-7000-8000-0000000000ad"}

// member registers an active staff member with roles (memberIn also
// with teams), sets their password and waits until the staff read model
// shows them.
func (a *app) member(roles ...access.Role) member { return a.memberIn(nil, roles...) }

func (a *app) memberIn(teams []string, roles ...access.Role) member {
	a.t.Helper()
	ctx := context.Background()
	id := uuid.Must(uuid.NewV7()).String()
	email := "staff-" + id[len(id)-12:] + "@byran.example"
	res, err := a.access.RegisterStaff.Handle(ctx, staffcmd.RegisterStaffMember{Actor: admin, StaffID: id,
		Details: access.StaffDetails{Name: "Medarbetare " + id[len(id)-4:], Email: email}, Roles: roles, Teams: teams})
	must(a.t, err)
	must(a.t, a.creds.SetPassword(ctx, res.StaffID, testPassword))
	a.awaitStaff(res.Position)
	return member{ID: res.StaffID, Email: email}
}

// awaitStaff waits until the staff read model has reached pos.
func (a *app) awaitStaff(pos eventstore.Position) {
	a.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	must(a.t, a.rt.WaitFor(ctx, "staff", pos))
}

// signIn starts a session for staffID straight in the credentials store
// (the sign-in form has its own tests) and returns the cookie's value.
func (a *app) signIn(staffID string) string {
	a.t.Helper()
	token, _, err := a.creds.CreateSession(context.Background(), staffID, credentials.SessionMeta{UserAgent: "test"})
	must(a.t, err)
	return token
}

// as returns the app acting with another session cookie ("" for none).
func (a *app) as(cookie string) *app {
	b := *a
	b.cookie = cookie
	return &b
}
