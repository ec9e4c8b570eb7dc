package contact_test

import "github.com/klient-crm/klient/commands/commandtest"

// The world, fixtures and assertions every command package's tests share,
// under the names the tests use.
var (
	today                = commandtest.Today
	staff                = commandtest.Staff
	must                 = commandtest.Must
	problems             = commandtest.Problems
	refusedWith          = commandtest.RefusedWith
	newWorld             = commandtest.NewWorld
	registerPerson       = commandtest.RegisterPerson
	registerOrganisation = commandtest.RegisterOrganisation
	tolvan               = commandtest.Tolvan
	exempelAB            = commandtest.ExempelAB
)
