package http

import (
	"context"

	"github.com/klient-crm/klient/commands"
)

// CommandHandler is one command's handler as the commands package builds it
// (*commands.RegisterPersonHandler is a CommandHandler[commands.RegisterPerson]).
type CommandHandler[C any] interface {
	Handle(ctx context.Context, cmd C) (commands.Result, error)
}

// DetailsChanger is *commands.ChangeContactDetailsHandler.
type DetailsChanger interface {
	HandlePerson(ctx context.Context, cmd commands.ChangePersonDetails) (commands.Result, error)
	HandleOrganisation(ctx context.Context, cmd commands.ChangeOrganisationDetails) (commands.Result, error)
}

// ContactCommands are the contact write side's handlers the pages and the
// API use.
type ContactCommands struct {
	RegisterPerson       CommandHandler[commands.RegisterPerson]
	RegisterOrganisation CommandHandler[commands.RegisterOrganisation]
	ChangeDetails        DetailsChanger
	Archive              CommandHandler[commands.ArchiveContact]
	Reactivate           CommandHandler[commands.ReactivateContact]
}
