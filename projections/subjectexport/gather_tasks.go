package subjectexport

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/projections/audit"
	workmodel "github.com/klient-crm/klient/projections/work"
)

// tasks lists the tasks linked to the subject: those sealed with their key
// (the audit trail names them among the events' subjects) and those filed
// under one of their matters that name them. A task under another
// client's matter keeps its text back.
func (g *gatherer) tasks(ctx context.Context, p *Package) error {
	found := map[string]workmodel.Task{}
	ids, err := g.taskStreams(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		t, err := workmodel.GetTask(ctx, g.db, id)
		if err != nil {
			return err
		}
		found[t.ID] = t
	}
	for _, matterID := range slices.Sorted(maps.Keys(g.roles)) {
		mw, err := workmodel.ForMatter(ctx, g.db, matterID)
		if err != nil {
			return err
		}
		for _, t := range mw.Tasks {
			if t.ContactID == g.subject {
				found[t.ID] = t
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(found)) {
		p.Tasks = append(p.Tasks, g.task(found[id]))
	}
	return nil
}

// taskStreams lists the tasks whose events were sealed for the subject.
func (g *gatherer) taskStreams(ctx context.Context) ([]string, error) {
	var ids []string
	for _, subject := range g.subjects() {
		f := audit.Filter{Subject: subject, Limit: audit.MaxLimit}
		for {
			page, err := audit.Search(ctx, g.db, f)
			if err != nil {
				return nil, err
			}
			for _, row := range page.Rows {
				if id, ok := strings.CutPrefix(row.Stream, work.TaskStreamName("")); ok && !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
			if page.Next.IsZero() {
				break
			}
			f.After = page.Next
		}
	}
	return ids, nil
}

func (g *gatherer) task(t workmodel.Task) Task {
	out := Task{ID: t.ID, Title: t.Title, Description: t.Description, Due: t.Due.String(), Status: string(t.Status),
		MatterID: t.MatterID, CreatedAt: t.CreatedAt}
	if g.privileged(t.MatterID) {
		out.Title, out.Description = "", ""
		out.Withheld = withheld(GroundPrivilege, "title", "description")
	}
	return out
}
