package retention

import (
	"context"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/documents"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/outbox"
)

// sources answer the retention runner from the read models' own queries,
// so no table of theirs is read behind their backs.
type sources struct{ j Jobs }

var _ gdprcmd.RetentionSources = sources{}

// RetainedContacts walks the live contacts (Lifetimes leaves out the
// erased and the restricted) a page at a time and gathers their facts.
func (s sources) RetainedContacts(ctx context.Context) ([]gdprcmd.RetainedContact, error) {
	var out []gdprcmd.RetainedContact
	for after := ""; ; {
		lives, err := contacts.Lifetimes(ctx, s.j.Pool, after, page)
		if err != nil {
			return nil, err
		}
		if len(lives) == 0 {
			return out, nil
		}
		retained, err := s.contacts(ctx, lives)
		if err != nil {
			return nil, err
		}
		out, after = append(out, retained...), lives[len(lives)-1].ID
	}
}

// ClosedMatters lists the matters closed (or archived from intake) before
// closedBefore whose file still exists, with what the file holds.
func (s sources) ClosedMatters(ctx context.Context, closedBefore time.Time) ([]gdprcmd.ClosedMatter, error) {
	var out []gdprcmd.ClosedMatter
	for _, status := range []matter.Status{matter.StatusClosed, matter.StatusArchived} {
		list, err := s.matters(ctx, status)
		if err != nil {
			return nil, err
		}
		for _, m := range list {
			closed := m.ClosedAt
			if closed.IsZero() {
				closed = m.ArchivedAt
			}
			if m.Erased || closed.IsZero() || !closed.Before(closedBefore) {
				continue
			}
			cm, err := s.file(ctx, m.ID, closed)
			if err != nil {
				return nil, err
			}
			out = append(out, cm)
		}
	}
	return out, nil
}

func (s sources) matters(ctx context.Context, status matter.Status) ([]matters.Matter, error) {
	var out []matters.Matter
	for offset := 0; ; offset += 500 {
		page, err := matters.List(ctx, s.j.Pool, matters.Filter{Status: status, Everyone: true, Limit: 500, Offset: offset})
		out = append(out, page...)
		if err != nil || len(page) < 500 {
			return out, err
		}
	}
}

// file counts a matter's communications (deleted ones too: their text is
// still sealed in the log) and documents.
func (s sources) file(ctx context.Context, matterID string, closed time.Time) (gdprcmd.ClosedMatter, error) {
	cm := gdprcmd.ClosedMatter{MatterID: matterID, ClosedAt: closed}
	for offset := 0; ; offset += 500 {
		page, err := communications.ForMatter(ctx, s.j.Pool, matterID, communications.Filter{IncludeDeleted: true, Limit: 500, Offset: offset})
		if err != nil {
			return cm, err
		}
		cm.Communications += int64(len(page))
		if len(page) < 500 {
			break
		}
	}
	docs, err := documents.ForMatter(ctx, s.j.Pool, matterID)
	cm.Documents = int64(len(docs))
	return cm, err
}

// AccessLogBefore counts, a page at a time, the entries before cutoff.
func (s sources) AccessLogBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	var n int64
	f := accesslog.Filter{To: cutoff, Limit: accesslog.MaxLimit}
	for {
		page, err := accesslog.Search(ctx, s.j.Pool, nil, f) // counted, not opened
		if err != nil || len(page) == 0 {
			return n, err
		}
		n += int64(len(page))
		f.Before = page[len(page)-1].ID
	}
}

// HeldMailBefore counts the incoming e-mail held for review since before
// cutoff.
func (s sources) HeldMailBefore(ctx context.Context, cutoff time.Time) (int64, error) {
	ids, err := outbox.HeldBefore(ctx, s.j.Pool, cutoff)
	return int64(len(ids)), err
}
