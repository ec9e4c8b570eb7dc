package reports

import (
	"context"
	"net/http"
	"sync"

	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/reports"
)

// reportSections loads defs side by side (each query on its own pooled
// connection: the dashboard waits for its slowest report, not for their
// sum), cuts ranked ones to rows, draws their charts and records the view
// of every matter a section names before showing it. A ranked report is
// asked for one row more than shown, to tell whether it was cut.
func (s *Handlers) reportSections(r *http.Request, sc reports.Scope, defs []reportDef, rows int) ([]reportSection, error) {
	lang := web.LangOf(r.Context())
	q := &onceOpen{ReportQueries: s.deps.Queries}
	tables, errs := make([]reportTable, len(defs)), make([]error, len(defs))
	var wg sync.WaitGroup
	for i, d := range defs {
		wg.Go(func() { tables[i], errs[i] = d.load(r.Context(), q, sc, lang, rows+1) })
	}
	wg.Wait()
	var out []reportSection
	var subjects []string
	for i, d := range defs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		t, cut := tables[i], false
		if d.Ranked {
			t, cut = t.cutTo(rows)
		}
		subjects = append(subjects, t.Subjects...)
		out = append(out, section(lang, d, t, cut))
	}
	return out, s.RecordView(r, subjects)
}

// section is t as a page shows it under d's title.
func section(lang i18n.Lang, d reportDef, t reportTable, cut bool) reportSection {
	title, lead := i18n.T(lang, "reports."+d.Name+".title"), i18n.T(lang, "reports."+d.Name+".lead")
	chart := barChart{ID: "chart-" + d.Name, Title: title, Desc: lead, Series: t.Series, Bars: t.Bars}
	return reportSection{Name: d.Name, Title: title, Lead: lead, Chart: chart.svg(), Head: t.Head, Rows: t.Rows, Cut: cut}
}

// onceOpen asks for the open matters once per page: two reports (per
// lawyer, per practice area) share one pass over the matters. The second
// to ask waits for the first's answer.
type onceOpen struct {
	ReportQueries
	mu   sync.Mutex
	done bool
	open reports.OpenMatters
	err  error
}

func (q *onceOpen) OpenMatters(ctx context.Context, sc reports.Scope) (reports.OpenMatters, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.done {
		q.open, q.err = q.ReportQueries.OpenMatters(ctx, sc)
		q.done = true
	}
	return q.open, q.err
}
