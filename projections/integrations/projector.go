// Package integrations is what other systems are told of Klient: the
// integration feed (GET /api/v1/feed, and the webhooks that push the same
// entries), one row per event an integration may follow, in log order.
//
// # IDs, kinds and times only
//
// An entry names its kind (matter.opened, party.added, contact.erased …),
// the IDs it concerns, when it happened and non-personal fields (a
// matter's number and practice area, a deadline's date, a party's role).
// Never a name, a personnummer, an address or free text: an integration
// that needs them reads the record through the API, which asks the same
// need-to-know and writes the access log (data minimisation, issue 18).
//
// # Need-to-know in the query
//
// Each entry keeps the matter it is filed under and the contacts it names,
// so a reader's page is cut in SQL by projections.Scope (the matter's
// team, the walls on matters and contacts) and by restriction, as every
// other list is: a page is as long as asked and no cursor tells of a
// hidden entry. A reader is never served an entry past the checkpoints of
// the read models that decide its visibility (Horizon): an entry of a
// matter the matters read model has not yet applied would otherwise be
// hidden, and the cursor would move past it for good.
//
// # Erasure
//
// An erased contact appears as contact.erased only: the erasure deletes
// every earlier entry naming the contact (its registration and changes,
// the parties and log entries it was in) and adds the one notice, so that
// a receiving system deletes its copy. The rows hold no sealed words, so
// the erasure's census has nothing to count here.
package integrations

import (
	"context"
	_ "embed"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

//go:embed schema.sql
var schema string

// version is the read model's schema version; bumping it replays the log
// into new tables. Positions do not change in a replay, so cursors held by
// clients stay good.
const version = 1

// Name is the projector's checkpoint name.
const Name = "integrations"

// Projector keeps integration_feed_v1 from the log.
type Projector struct{}

var (
	_ projections.Projector   = Projector{}
	_ projections.EventFilter = Projector{}
)

// NewProjector returns the feed's projector for the runtime.
func NewProjector() Projector { return Projector{} }

// Name is the read model's stored identifier.
func (Projector) Name() string { return Name }

// Version is the schema version of the tables.
func (Projector) Version() int { return version }

// Handles keeps the runtime from opening events the feed does not tell.
func (Projector) Handles(eventType string) bool {
	_, ok := kinds[eventType]
	return ok || eventType == gdpr.TypeSubjectErased
}

// Setup creates the tables.
func (Projector) Setup(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, schema)
	return err
}

// Drop removes the tables of this and every earlier version.
func (Projector) Drop(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `DROP TABLE IF EXISTS integration_feed_v1, integration_feed_v1_streams`)
	return err
}

// Apply adds the batch's entries in log order, sent together: one round
// trip for a batch, erasures included (the feed was the slowest of the
// read models to catch up). The statements run in the order queued, so an
// erasure applies to what came before it. Each is idempotent: an entry is
// keyed by its position.
func (Projector) Apply(ctx context.Context, tx pgx.Tx, batch []eventstore.Decoded) error {
	b := &pgx.Batch{}
	for _, d := range batch {
		if e, ok := d.Event.(gdpr.SubjectErased); ok {
			queueErase(b, d, e.SubjectID)
		} else if e, ok := entryOf(d); ok {
			queueEntry(b, d, e)
		}
	}
	if b.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, b).Close()
}

// queueEntry adds e. A stream's first event that opens it (e.opens) files
// the stream; a later event of the stream that names no filing of its own
// takes the matter and the contacts the stream was filed with, besides
// its own.
func queueEntry(b *pgx.Batch, d eventstore.Decoded, e entry) {
	if e.opens {
		b.Queue(`INSERT INTO integration_feed_v1_streams (stream, matter_id, contact_ids)
			VALUES ($1, $2, $3) ON CONFLICT (stream) DO NOTHING`, d.Stream, e.matter, nonNil(e.contacts))
	}
	b.Queue(`INSERT INTO integration_feed_v1
		(commit, prepare, event_id, stream, kind, matter_id, contact_ids, occurred_at, data)
		SELECT $1, $2, $3, $4, $5,
			CASE WHEN $6::text <> '' OR $10 THEN $6::text ELSE coalesce(s.matter_id, '') END,
			CASE WHEN $10 THEN $7::text[] ELSE $7::text[] || ARRAY(SELECT u.c FROM unnest(coalesce(s.contact_ids, '{}')) WITH ORDINALITY AS u(c, n)
				WHERE NOT u.c = ANY($7::text[]) ORDER BY u.n) END,
			$8, $9
		FROM (SELECT 1) one LEFT JOIN integration_feed_v1_streams s ON s.stream = $4
		ON CONFLICT DO NOTHING`,
		int64(d.Position.Commit), int64(d.Position.Prepare), d.ID, d.Stream, e.kind, e.matter,
		nonNil(e.contacts), d.Metadata.OccurredAt, e.data, e.filed)
}

// queueErase leaves of an erased contact only the notice: every entry
// naming them goes, and the streams they were in no longer name them.
func queueErase(b *pgx.Batch, d eventstore.Decoded, subject string) {
	if !isUUID(subject) {
		return // a matter's or an entry's key, not a person
	}
	b.Queue(`DELETE FROM integration_feed_v1 WHERE contact_ids @> ARRAY[$1]::text[]
		AND kind <> 'contact.erased'`, subject)
	b.Queue(`UPDATE integration_feed_v1_streams SET contact_ids = array_remove(contact_ids, $1)
		WHERE contact_ids @> ARRAY[$1]::text[]`, subject)
	queueEntry(b, d, contactEntry(KindContactErased, subject, nil))
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func union(a, b []string) []string {
	for _, x := range b {
		found := false
		for _, y := range a {
			found = found || x == y
		}
		if !found {
			a = append(a, x)
		}
	}
	return a
}

// isUUID is the shape of a contact's ID (a data subject): 36 characters
// with four dashes. A matter's subject is "matter-<id>".
func isUUID(s string) bool { return len(s) == 36 && strings.Count(s, "-") == 4 }
