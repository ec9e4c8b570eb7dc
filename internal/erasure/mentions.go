package erasure

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5/pgxpool"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/contacts"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/work"
)

// mentionFinder looks for the person being erased in the free text the
// read models hold opened: communications' subject lines and notes, tasks'
// titles and descriptions, in every record not sealed for the person (those
// go with their key). It reads each text once, streaming, and keeps only
// where a mark was found: at 100,000 events the scan is measured in
// docs/performance.md.
type mentionFinder struct{ pool *pgxpool.Pool }

// MentionsOf is the executor's port. A subject that is no contact (or
// whose details are already erased) names nobody: no mentions.
func (f mentionFinder) MentionsOf(ctx context.Context, subjectID string) ([]gdprcmd.Mention, error) {
	c, err := contacts.GetWith(ctx, f.pool, subjectID, contacts.GetOptions{IncludeRestricted: true})
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	marks := contacts.MarksOf(c)
	if c.Erased || marks.Empty() {
		return nil, nil
	}
	var out []gdprcmd.Mention
	err = communications.EachText(ctx, f.pool, subjectID, func(t communications.Text) error {
		if found := marks.In(t.SubjectLine + "\n" + t.Body); len(found) > 0 {
			out = append(out, gdprcmd.Mention{Kind: gdprcmd.MentionCommunication, EntryID: t.ID, MatterID: t.MatterID, Marks: found})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = work.EachTaskText(ctx, f.pool, subjectID, func(t work.TaskText) error {
		if found := marks.In(t.Title + "\n" + t.Description); len(found) > 0 {
			out = append(out, gdprcmd.Mention{Kind: gdprcmd.MentionTask, EntryID: t.ID, MatterID: t.MatterID, Marks: found})
		}
		return nil
	})
	return out, err
}

// openingOf turns the executor's opening into the ledger's.
func openingOf(o gdprcmd.ErasureOpening) gdprmodel.Opening {
	ms := make([]gdprmodel.Mention, len(o.Mentions))
	for i, m := range o.Mentions {
		ms[i] = gdprmodel.Mention{Kind: m.Kind, EntryID: m.EntryID, MatterID: m.MatterID, Marks: slices.Clone(m.Marks)}
	}
	return gdprmodel.Opening{ErasureID: o.ErasureID, SubjectID: o.SubjectID, ExecutedBy: o.ExecutedBy, StartedAt: o.StartedAt,
		EventsUnreadable: o.EventsUnreadable, RowsErased: o.RowsErased, Documents: o.Documents, Mentions: ms}
}
