// Package catalogue lists what the product is built from: every event type
// the codec must know, every projector the runtime runs, and every
// migration set. `klient` (cmd/klient) and the tests' app (internal/apptest,
// which the web edge's tests build on too) build the app from these same
// lists, so a new event, read model or table is added once.
//
// May import: the domain, the projections and their read models, the
// PostgreSQL event store's and the key stores' migrations. Never the web
// edge (http), whose tests import it.
package catalogue

import (
	"slices"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/audit"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/conflicts"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/documents"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/integrations"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/outbox"
	"github.com/klient-crm/klient/projections/reporting"
	"github.com/klient-crm/klient/projections/staff"
	workmodel "github.com/klient-crm/klient/projections/work"
)

// Events is every event type the codec must know: one list per bounded
// context.
func Events() []domain.Event {
	var all []domain.Event
	for _, list := range [][]domain.Event{contact.Events(), access.Events(), work.Events(), communication.Events(),
		gdpr.Events(), matter.Events(), dpo.Events(), cdd.Events()} {
		all = append(all, list...)
	}
	return all
}

// Upcasts is every upcast of a stored event to its next schema version.
func Upcasts() []domain.Upcast {
	return slices.Concat(communication.Upcasts(), work.TaskUpcasts(), matter.Upcasts())
}

// Codec is what Register asks of the event store's codec.
type Codec interface {
	Register(events ...domain.Event) error
	RegisterUpcaster(eventType string, fromVersion int, fn func(data []byte) ([]byte, error)) error
}

// Register makes codec know every event type and upcast of the app.
func Register(codec Codec) error {
	if err := codec.Register(Events()...); err != nil {
		return err
	}
	for _, u := range Upcasts() {
		if err := codec.RegisterUpcaster(u.EventType, u.From, u.Lift); err != nil {
			return err
		}
	}
	return nil
}

// Projectors is every projector the runtime runs.
func Projectors() []projections.Projector {
	return []projections.Projector{
		contacts.NewProjector(), staff.NewProjector(), workmodel.NewProjector(),
		communications.NewProjector(), documents.NewProjector(), gdprmodel.NewProjector(),
		matters.NewProjector(), conflicts.NewProjector(), audit.NewProjector(), dpomodel.NewProjector(), dpomodel.NewSpecialContactsProjector(), outbox.New(),
		cddmodel.NewProjector(),
		integrations.NewProjector(),
	}
}

// DatabaseMigrations are the sets of the database: the PostgreSQL event
// store's first when it holds the log (withLog), else the table of an
// EventStoreDB cluster's signed checkpoints, then the components that
// keep tables beside the read models.
func DatabaseMigrations(withLog bool) []pgmigrate.Set {
	sets := []pgmigrate.Set{postgres.ClusterCheckpointMigrations()}
	if withLog {
		sets = []pgmigrate.Set{postgres.Migrations()}
	}
	return append(sets, projections.Migrations(), credentials.Migrations(), accesslog.Migrations(),
		workmodel.Migrations(), documents.Migrations(), gdprmodel.Migrations(), reporting.Migrations(), outbox.Migrations(), cddmodel.Migrations(),
		integrations.Migrations())
}

// KeyStoreMigrations are the sets of the key store's database (the
// database itself unless it is configured apart).
func KeyStoreMigrations() []pgmigrate.Set {
	return []pgmigrate.Set{klientcrypto.Migrations()}
}
