package main

import (
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/audit"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/conflicts"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/documents"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/reporting"
	"github.com/klient-crm/klient/projections/staff"
	workmodel "github.com/klient-crm/klient/projections/work"

	"github.com/klient-crm/klient/crypto/credentials"
)

// events is every event type the codec must know: one list per bounded
// context.
func events() []domain.Event {
	var all []domain.Event
	for _, list := range [][]domain.Event{contact.Events(), access.Events(), work.Events(), communication.Events(),
		gdpr.Events(), matter.Events()} {
		all = append(all, list...)
	}
	return all
}

// readModels is every projector the runtime runs.
func readModels() []projections.Projector {
	return []projections.Projector{
		contacts.NewProjector(), staff.NewProjector(), workmodel.NewProjector(),
		communications.NewProjector(), documents.NewProjector(), gdprmodel.NewProjector(),
		matters.NewProjector(), conflicts.NewProjector(), audit.NewProjector(),
	}
}

// readModelMigrations are the components that keep tables beside the read
// models in the read-model database.
func readModelMigrations() []pgmigrate.Set {
	return []pgmigrate.Set{projections.Migrations(), credentials.Migrations(), accesslog.Migrations(),
		workmodel.Migrations(), documents.Migrations(), gdprmodel.Migrations(), reporting.Migrations()}
}
