package http

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	adminpages "github.com/klient-crm/klient/http/admin"

	contactpages "github.com/klient-crm/klient/http/contacts"

	"github.com/jackc/pgx/v5/pgxpool"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/projections/staff"
)

// contactCommands builds every contact command handler over one repository.
func contactCommands(t testing.TB, store *postgres.Store, codec *eventstore.Codec) contactpages.ContactCommands {
	repo, err := contactcmd.NewContacts(store, codec, time.Now)
	must(t, err)
	var c contactpages.ContactCommands
	var errs [5]error
	c.RegisterPerson, errs[0] = contactcmd.NewRegisterPersonHandler(repo)
	c.RegisterOrganisation, errs[1] = contactcmd.NewRegisterOrganisationHandler(repo)
	c.ChangeDetails, errs[2] = contactcmd.NewChangeContactDetailsHandler(repo)
	c.Archive, errs[3] = contactcmd.NewArchiveContactHandler(repo)
	c.Reactivate, errs[4] = contactcmd.NewReactivateContactHandler(repo)
	for _, err := range errs {
		must(t, err)
	}
	return c
}

// cheapHash keeps argon2id fast in tests; credentials' own tests run the
// production cost.
var cheapHash = credentials.Params{Time: 1, MemoryKiB: 64, Threads: 1}

// accessCommands builds the staff and wall command handlers.
func accessCommands(t testing.TB, store *postgres.Store, codec *eventstore.Codec, pool *pgxpool.Pool) adminpages.AccessCommands {
	people, err := staffcmd.NewStaff(store, codec, time.Now, staff.NewDirectory(pool))
	must(t, err)
	walls, err := staffcmd.NewWalls(store, codec, time.Now)
	must(t, err)
	var c adminpages.AccessCommands
	var errs [5]error
	c.RegisterStaff, errs[0] = staffcmd.NewRegisterStaffMemberHandler(people)
	c.ChangeRoles, errs[1] = staffcmd.NewChangeStaffRolesHandler(people)
	c.Activation, errs[2] = staffcmd.NewStaffActivationHandler(people)
	c.ErectWall, errs[3] = staffcmd.NewErectWallHandler(walls)
	c.LiftWall, errs[4] = staffcmd.NewLiftWallHandler(walls)
	for _, err := range errs {
		must(t, err)
	}
	return c
}

// createPerson registers a person through the API as the app's member
// and returns the contact's ID.
func (a *app) createPerson(given, family string) string {
	a.t.Helper()
	body := fmt.Sprintf(`{"kind":"person","details":{"given_name":%q,"family_name":%q}}`, given, family)
	rec := a.call(http.MethodPost, "/api/v1/contacts", body)
	wantStatus(a.t, rec, http.StatusCreated)
	return decode[contactpages.ContactJSON](a.t, rec).ID
}
