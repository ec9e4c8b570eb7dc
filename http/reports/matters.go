package reports

import (
	"context"
	"strconv"

	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/projections/reports"
)

// lawyersReport: open matters per responsible lawyer. Staff names are
// shown; one who may not be named (erased, restricted) is "not named".
func lawyersReport(ctx context.Context, q ReportQueries, sc reports.Scope, lang i18n.Lang, limit int) (reportTable, error) {
	open, err := q.OpenMatters(ctx, sc)
	if err != nil {
		return reportTable{}, err
	}
	return countTable(lang, "reports.lawyers.col", "reports.open", named(lang, open.ByLawyer)), nil
}

// areasReport: open matters per practice area.
func areasReport(ctx context.Context, q ReportQueries, sc reports.Scope, lang i18n.Lang, limit int) (reportTable, error) {
	open, err := q.OpenMatters(ctx, sc)
	if err != nil {
		return reportTable{}, err
	}
	return countTable(lang, "reports.areas.col", "reports.open", open.ByArea), nil
}

// intakeReport: the funnel from intake to open or declined, and each
// matter's last conflict-check decision.
func intakeReport(ctx context.Context, q ReportQueries, sc reports.Scope, lang i18n.Lang, limit int) (reportTable, error) {
	in, err := q.Intake(ctx, sc)
	if err != nil {
		return reportTable{}, err
	}
	stages := []reports.Count{
		{Key: "taken_in", N: in.TakenIn}, {Key: "in_intake", N: in.InIntake}, {Key: "opened", N: in.Opened},
		{Key: "declined", N: in.Declined}, {Key: "clear", N: in.Clear}, {Key: "waived", N: in.Waived},
		{Key: "unchecked", N: in.Unchecked},
	}
	for i := range stages {
		stages[i].Label = i18n.T(lang, "reports.intake."+stages[i].Key)
	}
	return countTable(lang, "reports.intake.col", "reports.count", stages), nil
}

// countTable is a one-series report: a label and a number per row.
func countTable(lang i18n.Lang, labelKey, countKey string, cs []reports.Count) reportTable {
	t := reportTable{Series: []string{i18n.T(lang, countKey)},
		Head: []string{i18n.T(lang, labelKey), i18n.T(lang, countKey)}}
	for _, c := range cs {
		t.Bars = append(t.Bars, chartBar{Label: c.Label, Values: []int{c.N}})
		t.Rows = append(t.Rows, []string{c.Label, strconv.Itoa(c.N)})
	}
	return t
}

// named puts "not named" where a person may not be named.
func named(lang i18n.Lang, cs []reports.Count) []reports.Count {
	out := make([]reports.Count, len(cs))
	for i, c := range cs {
		if c.Label == "" {
			c.Label = i18n.T(lang, "reports.unnamed")
		}
		out[i] = c
	}
	return out
}
