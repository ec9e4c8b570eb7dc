package http

import (
	"context"
	"log/slog"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/contacts"
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

// ProjectionWaiter lets a handler wait until a read model has caught up
// with its own write (read-your-writes); *projections.Runtime implements it.
type ProjectionWaiter interface {
	WaitFor(ctx context.Context, projector string, pos eventstore.Position) error
}

// ContactDirectory is the contacts read model's queries; ContactsReadModel
// binds them to a database.
type ContactDirectory interface {
	Search(ctx context.Context, q string, opts contacts.Options) ([]contacts.Summary, error)
	List(ctx context.Context, opts contacts.Options) ([]contacts.Summary, error)
	Get(ctx context.Context, id string) (contacts.Contact, error)
	Refs(ctx context.Context, ids []string) (map[string]contacts.Ref, error)
}

// ContactsReadModel returns the ContactDirectory over db (a *pgxpool.Pool).
func ContactsReadModel(db contacts.DB) ContactDirectory { return readModel{db} }

type readModel struct{ db contacts.DB }

func (m readModel) Search(ctx context.Context, q string, opts contacts.Options) ([]contacts.Summary, error) {
	return contacts.Search(ctx, m.db, q, opts)
}

func (m readModel) List(ctx context.Context, opts contacts.Options) ([]contacts.Summary, error) {
	return contacts.List(ctx, m.db, opts)
}

func (m readModel) Get(ctx context.Context, id string) (contacts.Contact, error) {
	return contacts.Get(ctx, m.db, id)
}

func (m readModel) Refs(ctx context.Context, ids []string) (map[string]contacts.Ref, error) {
	return contacts.Refs(ctx, m.db, ids)
}

// Read models the handlers wait for after their own writes.
const (
	contactsProjector = "contacts"
	staffProjector    = "staff" // staff members and walls
)

// awaitContacts waits, at most Config.ReadYourWrites, until the contacts
// read model shows res, so the page the person lands on shows their own
// write.
func (s *server) awaitContacts(ctx context.Context, res contactcmd.Result) {
	s.await(ctx, contactsProjector, res.Position)
}

// await waits until projector has passed pos. The write has succeeded
// either way: a slow or failed projector only costs freshness, so it is
// logged and the request goes on.
func (s *server) await(ctx context.Context, projector string, pos eventstore.Position) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ReadYourWrites)
	defer cancel()
	if err := s.deps.Projections.WaitFor(ctx, projector, pos); err != nil {
		s.log.LogAttrs(ctx, slog.LevelWarn, "read model behind the write",
			slog.String("projector", projector),
			slog.String("position", pos.String()),
			slog.String("error", loggable(err)),
			slog.String("correlation_id", CorrelationID(ctx)))
	}
}
