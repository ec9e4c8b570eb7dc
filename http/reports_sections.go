package http

import (
	"net/http"

	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/projections/reports"
)

// reportSections loads defs, cuts ranked ones to rows, draws their charts
// and records the view of every matter a section names before showing it.
func (s *server) reportSections(r *http.Request, sc reports.Scope, defs []reportDef, rows int) ([]reportSection, error) {
	lang := langOf(r.Context())
	var out []reportSection
	var subjects []string
	for _, d := range defs {
		t, err := d.load(r.Context(), s.deps.Reports.Queries, sc, lang)
		if err != nil {
			return nil, err
		}
		cut := false
		if d.Ranked {
			t, cut = t.cutTo(rows)
		}
		subjects = append(subjects, t.Subjects...)
		out = append(out, section(lang, d, t, cut))
	}
	return out, s.recordView(r, subjects)
}

// section is t as a page shows it under d's title.
func section(lang i18n.Lang, d reportDef, t reportTable, cut bool) reportSection {
	title, lead := i18n.T(lang, "reports."+d.Name+".title"), i18n.T(lang, "reports."+d.Name+".lead")
	chart := barChart{ID: "chart-" + d.Name, Title: title, Desc: lead, Series: t.Series, Bars: t.Bars}
	return reportSection{Name: d.Name, Title: title, Lead: lead, Chart: chart.svg(), Head: t.Head, Rows: t.Rows, Cut: cut}
}
