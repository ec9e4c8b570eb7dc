package main

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
	workmodel "github.com/klient-crm/klient/projections/work"
)

// retentionDeleters delete through the key ring, the documents store, the
// access log and the credentials store, each its own way.
type retentionDeleters struct{ a *app }

var _ gdprcmd.RetentionDeleters = retentionDeleters{}

// DestroyMatterFile shreds the matter's own key, then frees its documents'
// bytes (unreadable by then).
func (d retentionDeleters) DestroyMatterFile(ctx context.Context, matterID string) error {
	subject := matter.Subject(matterID)
	if _, err := d.a.keyring.Shred(ctx, subject); err != nil {
		return err
	}
	_, err := documents.DeleteBlobs(ctx, d.a.pool, subject)
	return err
}

// matterTextModels are the read models that keep text opened with a
// matter's key (details and notes, communications, document names, tasks
// and deadlines). No event announces a destroyed file, so they replay.
var matterTextModels = []string{matters.Name, communications.NewProjector().Name(), documents.NewProjector().Name(),
	workmodel.NewProjector().Name()}

// RefreshReadModels rebuilds them; with a server running, its runners
// replay and this waits for them.
func (d retentionDeleters) RefreshReadModels(ctx context.Context) error {
	for _, name := range d.a.runtime.Projectors() {
		if !slices.Contains(matterTextModels, name) {
			continue
		}
		if err := d.a.runtime.Rebuild(ctx, name, nil); err != nil {
			return fmt.Errorf("rebuild %s: %w", name, err)
		}
	}
	return nil
}

func (d retentionDeleters) DeleteAccessLogBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	return accesslog.DeleteOlderThan(ctx, d.a.pool, cutoff)
}

func (d retentionDeleters) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	n, err := d.a.secrets.DeleteExpiredSessions(ctx)
	return int64(n), err
}

// deletionLog writes the runner's deletions to the GDPR read model's log.
type deletionLog struct{ a *app }

func (l deletionLog) Deleted(ctx context.Context, d gdprcmd.RetentionDeletion) error {
	return gdprmodel.RecordDeletion(ctx, l.a.pool, gdprmodel.DeletionEntry{RecordID: d.Item.RecordID,
		Category: d.Item.Category, Rule: d.Item.Rule, DueOn: d.Item.DueOn, Records: d.Item.Records,
		TriggeredBy: d.TriggeredBy, ErasureID: d.ErasureID, DeletedAt: d.DeletedAt})
}
