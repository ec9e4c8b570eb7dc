package reports

import (
	"context"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/reports"
)

// reportDef is one report: its name in URLs and the catalogue
// (reports.<name>.*), what more than ReportView it takes to see it, and
// how its figures become a chart and a table.
type reportDef struct {
	Name   string
	Needs  access.Action // "" when ReportView is enough
	Ranked bool          // rows sorted by size: the dashboard shows the first few
	// load reads the report; a ranked one may stop after limit rows
	// (all when limit ≤ 0).
	load func(ctx context.Context, q ReportQueries, sc reports.Scope, lang i18n.Lang, limit int) (reportTable, error)
}

// reportTable is a report's figures: the chart's bars and the table's
// rows, one per bar, and for each row the data subject it shows, if any
// (for the access log).
type reportTable struct {
	Series   []string
	Bars     []chartBar
	Head     []string
	Rows     [][]string
	Subjects []string // "" or one per row
}

// reportDefs are the reports in the order the dashboard shows them.
var reportDefs = []reportDef{
	{Name: "lawyers", Ranked: true, load: lawyersReport},
	{Name: "areas", Ranked: true, load: areasReport},
	{Name: "intake", load: intakeReport},
	{Name: "deadlines", Ranked: true, load: deadlinesReport},
	{Name: "communications", Ranked: true, load: communicationsReport},
	{Name: "requests", Needs: access.GDPRManage, load: requestsReport},
	{Name: "erasures", load: erasuresReport},
}

// reportNamed finds the report name the principal may see; false for an
// unknown one and for one they may not see alike, so neither is told
// apart by its answer.
func reportNamed(p web.Principal, name string) (reportDef, bool) {
	for _, d := range reportDefs {
		if d.Name == name && d.visibleTo(p) {
			return d, true
		}
	}
	return reportDef{}, false
}

func (d reportDef) visibleTo(p web.Principal) bool { return d.Needs == "" || p.Can(d.Needs) }

// cutTo keeps the first n bars and rows.
func (t reportTable) cutTo(n int) (reportTable, bool) {
	if len(t.Rows) <= n {
		return t, false
	}
	t.Bars, t.Rows = t.Bars[:min(n, len(t.Bars))], t.Rows[:n]
	t.Subjects = t.Subjects[:min(n, len(t.Subjects))]
	return t, true
}
