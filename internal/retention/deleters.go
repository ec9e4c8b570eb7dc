package retention

import (
	"context"
	"fmt"
	"slices"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/documents"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/outbox"
	"github.com/klient-crm/klient/projections/staff"
	workmodel "github.com/klient-crm/klient/projections/work"
)

// deleters delete through the key ring, the documents store, the access
// log and the credentials store, each its own way.
type deleters struct{ j Jobs }

var _ gdprcmd.RetentionDeleters = deleters{}

// DestroyMatterFile shreds the matter's own key, then frees its documents'
// bytes (unreadable by then).
func (d deleters) DestroyMatterFile(ctx context.Context, matterID string) error {
	subject := matter.Subject(matterID)
	if _, err := d.j.Keys.Shred(ctx, subject); err != nil {
		return err
	}
	_, err := documents.DeleteBlobs(ctx, d.j.Pool, subject)
	return err
}

// matterTextModels are the read models that keep text opened with a
// matter's key (details and notes, communications, document names, tasks
// and deadlines, the reasons of walls before a matter). No event
// announces a destroyed file, so they replay.
var matterTextModels = []string{matters.Name, communications.NewProjector().Name(), documents.NewProjector().Name(),
	workmodel.NewProjector().Name(), staff.NewProjector().Name()}

// RefreshReadModels rebuilds them; with a server running, its runners
// replay and this waits for them.
func (d deleters) RefreshReadModels(ctx context.Context) error {
	for _, name := range d.j.Runtime.Projectors() {
		if !slices.Contains(matterTextModels, name) {
			continue
		}
		if err := d.j.Runtime.Rebuild(ctx, name, nil); err != nil {
			return fmt.Errorf("rebuild %s: %w", name, err)
		}
	}
	return nil
}

func (d deleters) DeleteAccessLogBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	return accesslog.DeleteOlderThan(ctx, d.j.Pool, cutoff)
}

// DestroyHeldMailBefore destroys each held message past the time limit
// as a discard does: its key first (so no backup can be read), then its
// bytes and its row (and with it its addresses' hashes).
func (d deleters) DestroyHeldMailBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	ids, err := outbox.HeldBefore(ctx, d.j.Pool, cutoff)
	if err != nil {
		return 0, err
	}
	for i, id := range ids {
		if _, err := d.j.Keys.Shred(ctx, outbox.HeldKey(id)); err != nil {
			return int64(i), err
		}
		if err := documents.DeleteBlob(ctx, d.j.Pool, id); err != nil {
			return int64(i), err
		}
		if err := outbox.Release(ctx, d.j.Pool, id); err != nil {
			return int64(i), err
		}
	}
	return int64(len(ids)), nil
}

func (d deleters) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	n, err := d.j.Secrets.DeleteExpiredSessions(ctx)
	return int64(n), err
}

// deletionLog writes the runner's deletions to the GDPR read model's log.
type deletionLog struct{ j Jobs }

func (l deletionLog) Deleted(ctx context.Context, d gdprcmd.RetentionDeletion) error {
	return gdprmodel.RecordDeletion(ctx, l.j.Pool, gdprmodel.DeletionEntry{RecordID: d.Item.RecordID,
		Category: d.Item.Category, Rule: d.Item.Rule, DueOn: d.Item.DueOn, Records: d.Item.Records,
		TriggeredBy: d.TriggeredBy, ErasureID: d.ErasureID, DeletedAt: d.DeletedAt})
}
