package erasure

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/communications"
	"github.com/klient-crm/klient/projections/contacts"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/work"
)

// mentionFinder looks for the person being erased in the free text the
// read models hold opened: communications' subject lines and notes, tasks'
// titles and descriptions, deadlines' titles and the reasons they were
// moved or cancelled, matters' titles,
// descriptions and notes, in every record not sealed for the person (those
// go with their key); and in the access log's purposes, opened from a copy
// of someone else's (accesslog.EachPurpose). It reads each text once,
// streaming, and keeps only where a mark was found: at 100,000 events the
// scan is measured in docs/performance.md.
type mentionFinder struct {
	pool *pgxpool.Pool
	rt   *projections.Runtime
	keys accesslog.Keys // opens the access log's purposes
	wait time.Duration  // MentionWait when 0
}

// mentionModels are the read models the search reads, and MentionWait
// how long it waits for them to reach the log's head before refusing.
var mentionModels = []string{"contacts", "communications", "work", matters.Name}

// MentionWait bounds the search's wait for lagging read models.
const MentionWait = 15 * time.Second

// errReadModelsBehind refuses an erasure whose search for mentions could
// not be complete: nothing is destroyed, and the same erasure can be
// asked for again.
var errReadModelsBehind = domain.Conflict("the read models have not caught up with the latest changes, so the search for mentions would miss some; nothing was erased, try again in a moment").
	WithCode("gdpr.erasure.read_models_behind")

// MentionsOf is the executor's port. A subject that is no contact (or
// whose details are already erased) names nobody: no mentions. The
// contacts merged into the subject are looked for too (marksWithMerged). It first
// waits for every read model it reads to apply the log up to its head as
// it is now: a note saved just before the erasure and not yet projected
// would otherwise be missed, and once the key is gone nobody could find it.
func (f mentionFinder) MentionsOf(ctx context.Context, subjectID string) ([]gdprcmd.Mention, error) {
	if err := f.caughtUp(ctx); err != nil {
		return nil, err
	}
	c, err := contacts.GetWith(ctx, f.pool, subjectID, contacts.GetOptions{IncludeRestricted: true})
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if c.Erased {
		return nil, nil
	}
	marks, err := f.marksWithMerged(ctx, c)
	if err != nil || marks.Empty() {
		return nil, err
	}
	var out []gdprcmd.Mention
	err = communications.EachText(ctx, f.pool, subjectID, func(t communications.Text) error {
		if m, ok := mentionIn(marks, "subject_line", t.SubjectLine, "body", t.Body); ok {
			m.Kind, m.EntryID, m.MatterID, m.Version = gdprcmd.MentionCommunication, t.ID, t.MatterID, t.Version
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = work.EachTaskText(ctx, f.pool, subjectID, func(t work.TaskText) error {
		if m, ok := mentionIn(marks, "title", t.Title, "description", t.Description); ok {
			m.Kind, m.EntryID, m.MatterID, m.Version = gdprcmd.MentionTask, t.ID, t.MatterID, t.Version
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = work.EachDeadlineText(ctx, f.pool, func(t work.DeadlineText) error {
		fields := []string{"title", t.Title}
		for _, reason := range t.Reasons {
			fields = append(fields, "reason", reason)
		}
		if m, ok := mentionIn(marks, fields...); ok {
			m.Kind, m.EntryID, m.MatterID, m.Version = gdprcmd.MentionDeadline, t.ID, t.MatterID, t.Version
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = accesslog.EachPurpose(ctx, f.pool, f.keys, subjectID, func(p accesslog.Purpose) error {
		if m, ok := mentionIn(marks, "purpose", p.Text); ok {
			m.Kind, m.EntryID = gdprcmd.MentionAccessPurpose, accesslog.MentionEntry(p.EntryID)
			out = append(out, m)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = matters.EachText(ctx, f.pool, func(t matters.Text) error {
		if t.NoteID != "" {
			if m, ok := mentionIn(marks, "text", t.Title); ok {
				m.Kind, m.EntryID, m.MatterID, m.Version = gdprcmd.MentionMatterNote, t.NoteID, t.MatterID, t.Version
				out = append(out, m)
			}
		} else if m, ok := mentionIn(marks, "title", t.Title, "description", t.Description); ok {
			m.Kind, m.EntryID, m.MatterID, m.Version = gdprcmd.MentionMatter, t.MatterID, t.MatterID, t.Version
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// marksWithMerged are what names c and each contact merged into it: the
// survivor's erasure erases those too (commands/gdpr/erase_merged.go), and
// once their keys are gone nothing says what they were called.
func (f mentionFinder) marksWithMerged(ctx context.Context, c contacts.Contact) (contacts.Marks, error) {
	marks := contacts.MarksOf(c)
	absorbed, err := contacts.Absorbed(ctx, f.pool, c.ID)
	if err != nil {
		return marks, err
	}
	for _, id := range absorbed {
		m, err := contacts.GetWith(ctx, f.pool, id, contacts.GetOptions{IncludeRestricted: true, IncludeMerged: true})
		if domain.IsKind(err, domain.KindNotFound) {
			continue
		}
		if err != nil {
			return marks, err
		}
		if !m.Erased {
			marks = marks.With(contacts.MarksOf(m))
		}
	}
	return marks, nil
}

// caughtUp waits, at most MentionWait, for the read models the search
// reads to reach the log's head: the last event committed, even one the
// store does not show its readers yet (Runtime.Head).
func (f mentionFinder) caughtUp(ctx context.Context) error {
	head, err := f.rt.Head(ctx)
	if err != nil {
		return err
	}
	bound := f.wait
	if bound <= 0 {
		bound = MentionWait
	}
	wait, cancel := context.WithTimeout(ctx, bound)
	defer cancel()
	for _, name := range mentionModels {
		if err := f.rt.WaitFor(wait, name, head); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return errors.Join(errReadModelsBehind, err)
		}
	}
	return nil
}

// mentionIn looks for marks in the fields of an entry, given as pairs of
// a field's name and its text, each on its own (a name is never found
// across them), and says where and what named them.
func mentionIn(marks contacts.Marks, fields ...string) (gdprcmd.Mention, bool) {
	var m gdprcmd.Mention
	for i := 0; i+1 < len(fields); i += 2 {
		for _, s := range marks.Spans(fields[i+1]) {
			m.Spans = append(m.Spans, gdprcmd.TextSpan{Field: fields[i], Start: s.Start, End: s.End, Mark: s.Mark})
		}
	}
	for _, kind := range []string{contacts.MarkName, contacts.MarkNumber, contacts.MarkPhone, contacts.MarkEmail} {
		if slices.ContainsFunc(m.Spans, func(s gdprcmd.TextSpan) bool { return s.Mark == kind }) {
			m.Marks = append(m.Marks, kind)
		}
	}
	return m, len(m.Spans) > 0
}

// openingOf turns the executor's opening into the ledger's.
func openingOf(o gdprcmd.ErasureOpening) gdprmodel.Opening {
	ms := make([]gdprmodel.Mention, len(o.Mentions))
	for i, m := range o.Mentions {
		ms[i] = gdprmodel.Mention{Kind: m.Kind, EntryID: m.EntryID, MatterID: m.MatterID, Marks: slices.Clone(m.Marks),
			EntryVersion: m.Version}
		for _, s := range m.Spans {
			ms[i].Spans = append(ms[i].Spans, gdprmodel.Span{Field: s.Field, Start: s.Start, End: s.End, Mark: s.Mark})
		}
	}
	return gdprmodel.Opening{ErasureID: o.ErasureID, SubjectID: o.SubjectID, ExecutedBy: o.ExecutedBy, StartedAt: o.StartedAt,
		EventsUnreadable: o.EventsUnreadable, RowsErased: o.RowsErased, Documents: o.Documents, HeldMail: o.HeldMail,
		Mentions: ms}
}
