package gdpr_test

import "github.com/klient-crm/klient/commands/commandtest"

// The world, fixtures and assertions every command package's tests share,
// under the names the tests use.
var (
	today          = commandtest.Today
	staff          = commandtest.Staff
	must           = commandtest.Must
	refusedWith    = commandtest.RefusedWith
	newWorld       = commandtest.NewWorld
	registerPerson = commandtest.RegisterPerson
	tolvan         = commandtest.Tolvan
)
