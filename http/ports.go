package http

import (
	"context"

	contactcmd "github.com/klient-crm/klient/commands/contact"
)

// CommandHandler is one command's handler as the commands package builds it
// (*contactcmd.RegisterPersonHandler is a CommandHandler[contactcmd.RegisterPerson]).
type CommandHandler[C any] interface {
	Handle(ctx context.Context, cmd C) (contactcmd.Result, error)
}

// DetailsChanger is *contactcmd.ChangeContactDetailsHandler.
type DetailsChanger interface {
	HandlePerson(ctx context.Context, cmd contactcmd.ChangePersonDetails) (contactcmd.Result, error)
	HandleOrganisation(ctx context.Context, cmd contactcmd.ChangeOrganisationDetails) (contactcmd.Result, error)
}

// ContactCommands are the contact write side's handlers the pages and the
// API use.
type ContactCommands struct {
	RegisterPerson       CommandHandler[contactcmd.RegisterPerson]
	RegisterOrganisation CommandHandler[contactcmd.RegisterOrganisation]
	ChangeDetails        DetailsChanger
	Archive              CommandHandler[contactcmd.ArchiveContact]
	Reactivate           CommandHandler[contactcmd.ReactivateContact]
}
