package communications

import (
	"context"
	_ "embed"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

//go:embed schema.sql
var schema string

// version is the read model's version; bumping it rebuilds the tables.
// Their suffix names the table layout (2), which versions 3 to 5 kept:
// 3 only counts new entries per statement; 4 counts a letter's mail
// request in its entry's version, so a letter can be changed (and
// redacted) at the version the read model shows; 5 files a merged
// contact's entries under its survivor (merge.go).
const version = 5

// Projector keeps communications_v2 from the communication events.
type Projector struct{}

var (
	_ projections.Projector   = Projector{}
	_ projections.EventFilter = Projector{}
)

// NewProjector returns the communications projector for the runtime.
func NewProjector() Projector { return Projector{} }

// Name is the read model's stored identifier.
func (Projector) Name() string { return "communications" }

// Version is the schema version of the table.
func (Projector) Version() int { return version }

// Handles keeps the runtime from opening events of other contexts.
// Letter templates, campaigns and a matter's automatic messages are their
// streams' own, and an e-mail request the outbox's: the log shows a sent
// letter by its entry, whose version the letter's request (in the entry's
// stream) only advances.
func (Projector) Handles(eventType string) bool {
	switch eventType {
	case communication.TypeLetterTemplateSaved, communication.TypeLetterTemplateRetired,
		communication.TypeCampaignQueued, communication.TypeAutomaticMessagesSet, communication.TypeCampaignScheduled,
		communication.TypeCampaignCancelled, communication.TypeCampaignStarted:
		return false
	}
	return strings.HasPrefix(eventType, "communication.") || eventType == gdpr.TypeSubjectErased ||
		eventType == contact.TypeContactMerged || eventType == dpo.TypeCommunicationSpecialMarked
}

// Setup creates the table.
func (Projector) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, schema)
	return err
}

// Drop removes the tables (and the volume trigger's function) of this and
// every earlier version.
func (Projector) Drop(ctx context.Context, tx pgx.Tx) error {
	for v := 1; v <= version; v++ {
		_, err := tx.Exec(ctx, fmt.Sprintf(`DROP TABLE IF EXISTS communications_v%[1]d, communication_volume_v%[1]d,
			communication_volume_window_v%[1]d;
			DROP FUNCTION IF EXISTS communication_volume_v%[1]d_count(), communication_volume_v%[1]d_count_inserted(),
				communication_volume_v%[1]d_add(text, text, integer)`, v))
		if err != nil {
			return err
		}
	}
	return nil
}

// Apply inserts the batch's new entries in one statement, then queues one
// idempotent statement per other event, guarded by the stream version, and
// sends them in one round trip. Inserting first keeps the log's order where
// it matters: every other statement names an entry logged before it, or
// (an erasure) blanks entries whatever their order.
func (Projector) Apply(ctx context.Context, tx pgx.Tx, events []eventstore.Decoded) error {
	b := &pgx.Batch{}
	logged := &newEntries{}
	for _, d := range events {
		if e, ok := d.Event.(communication.CommunicationLogged); ok {
			if err := logged.add(e, opened(d, e.TextSubject, e.Content), factOf(d)); err != nil {
				return err
			}
		}
	}
	logged.queue(b)
	for _, d := range events {
		if _, ok := d.Event.(communication.CommunicationLogged); ok || queueSubjectErased(b, d) || queueMerged(b, d) || queueSpecial(b, d) {
			continue
		}
		if err := queue(b, d); err != nil {
			return err
		}
	}
	return tx.SendBatch(ctx, b).Close()
}
