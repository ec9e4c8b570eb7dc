package conflicts

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

//go:embed schema.sql
var schema string

// version is the read model's schema version. Bumping it rebuilds the
// index into the same tables (Setup after Drop); the v1 names stay, as the
// contacts read model's do. Version 2: the links between contacts;
// version 3: a merged contact's entries filed under its survivor.
const version = 3

// Name is the projector's stored identifier.
const Name = "conflict_index"

// Projector keeps conflict_index_v1 from the contact and matter events.
type Projector struct{}

var (
	_ projections.Projector   = Projector{}
	_ projections.EventFilter = Projector{}
)

// NewProjector returns the conflict-index projector for the runtime.
func NewProjector() Projector { return Projector{} }

// Name is the read model's stored identifier.
func (Projector) Name() string { return Name }

// Version is the schema version of the tables.
func (Projector) Version() int { return version }

// handled are the only events that change the index.
var handled = map[string]bool{
	contact.TypePersonRegistered: true, contact.TypePersonDetailsChanged: true,
	contact.TypeOrganisationRegistered: true, contact.TypeOrganisationDetailsChanged: true,
	matter.TypeMatterOpened: true, matter.TypePartyAdded: true,
	matter.TypePartyRoleChanged: true, matter.TypePartyRemoved: true,
	contact.TypeAffiliationAdded: true, contact.TypeAffiliationEnded: true,
	contact.TypeRelationshipAdded: true, contact.TypeRelationshipEnded: true,
	contact.TypeContactMerged: true,
}

// Handles keeps the runtime from opening other events.
func (Projector) Handles(eventType string) bool {
	return handled[eventType] || eventType == gdpr.TypeSubjectErased
}

// Setup creates the tables and the fold function.
func (Projector) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, schema)
	return err
}

// Drop removes the tables and function of this and every earlier version;
// the unaccent extension stays (it is not this read model's alone).
func (Projector) Drop(ctx context.Context, tx pgx.Tx) error {
	for v := 1; v <= version; v++ {
		sql := fmt.Sprintf(`DROP TABLE IF EXISTS conflict_index_v%[1]d, conflict_index_v%[1]d_contacts,
			conflict_index_v%[1]d_names, conflict_index_v%[1]d_matters, conflict_index_v%[1]d_parties,
			conflict_index_v%[1]d_links;
			DROP FUNCTION IF EXISTS conflict_index_v%[1]d_fold(text)`, v)
		if _, err := tx.Exec(ctx, sql); err != nil {
			return err
		}
	}
	return nil
}

// Apply queues the statements of every event and sends them in one round
// trip. Each statement is idempotent and guarded by the stream version.
func (Projector) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Decoded) error {
	b := &pgx.Batch{}
	for _, d := range events {
		if !queueContact(b, d) && !queueLink(b, d) && !queueMatter(b, d) && !queueSubjectErased(b, d) && !queueMerged(b, d) {
			return fmt.Errorf("conflicts: no projection for event type %s", d.Type)
		}
	}
	return tx.SendBatch(ctx, b).Close()
}
