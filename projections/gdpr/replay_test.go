package gdpr_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/gdpr"
)

// Applying the whole history again, or older events after newer ones,
// changes nothing.
func TestApplyIsIdempotent(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	subject := w.person("Erik")
	w.withdrawByLink(subject, w.consent(subject, "Bevis"))
	w.restrict(subject, "Skäl")
	w.lift(subject)
	w.object(subject, gdprdomain.ObjectToDirectMarketing, "")
	req := w.request(subject, gdprdomain.KindAccess, "Not")
	w.caughtUp()
	before := snapshot(t, w)

	envs, err := w.Store.ReadAll(ctx, eventstore.Start, 1000)
	must(t, err)
	var gdprEvents []eventstore.Decoded
	for _, env := range envs {
		if gdpr.NewProjector().Handles(env.Type) {
			d, err := w.Codec.Decode(ctx, env)
			must(t, err)
			gdprEvents = append(gdprEvents, d)
		}
	}
	apply := func(batch ...eventstore.Decoded) {
		must(t, pgx.BeginFunc(ctx, w.Pool, func(tx pgx.Tx) error { return gdpr.NewProjector().Apply(ctx, tx, batch) }))
	}
	apply(gdprEvents...)
	apply(gdprEvents[2], gdprEvents[0]) // a restriction and the consent, out of order
	apply(gdprEvents[len(gdprEvents)-2])
	if after := snapshot(t, w); after != before {
		t.Fatalf("replay changed the read model:\n before %s\n after  %s", before, after)
	}
	if r, err := gdpr.GetRequest(ctx, w.Pool, req.RequestID, w.clock); err != nil || !r.Verified {
		t.Fatalf("request %+v, %v", r, err)
	}
}

// snapshot is every row of the read model as JSON, in a stable order.
func snapshot(t *testing.T, w *world) string {
	t.Helper()
	var s string
	must(t, w.Pool.QueryRow(context.Background(), `SELECT concat_ws(E'\n',
		(SELECT json_agg(x ORDER BY subject_id)::text FROM gdpr_subjects_v1 x),
		(SELECT json_agg(x ORDER BY consent_id)::text FROM gdpr_consents_v1 x),
		(SELECT json_agg(x ORDER BY seq)::text FROM gdpr_objections_v1 x),
		(SELECT json_agg(x ORDER BY request_id)::text FROM gdpr_requests_v1 x))`).Scan(&s))
	return s
}
