package reports

import (
	"context"
	"strconv"

	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/projections/reports"
)

// requestDueKeys name the buckets of days left to an open request's
// deadline in the catalogue.
var requestDueKeys = map[string]string{"overdue": "overdue", "0-7": "week", "8-14": "fortnight",
	"15-30": "month", "over_30": "later"}

// requestsReport: the register of data-subject requests by status, and
// the open ones by days left to their deadline. Counts only; the DPO's.
func requestsReport(ctx context.Context, q ReportQueries, sc reports.Scope, lang i18n.Lang, limit int) (reportTable, error) {
	load, err := q.Requests(ctx, sc.Now)
	if err != nil {
		return reportTable{}, err
	}
	var cs []reports.Count
	for _, c := range load.ByStatus {
		c.Label = i18n.T(lang, "reports.requests.status."+c.Key)
		cs = append(cs, c)
	}
	for _, c := range load.OpenByDue {
		c.Label = i18n.T(lang, "reports.requests.due."+requestDueKeys[c.Key])
		cs = append(cs, c)
	}
	return countTable(lang, "reports.requests.col", "reports.count", cs), nil
}

// erasuresReport: erasures (from their certificates) and deleted records
// (from the deletion log) per month of the last twelve.
func erasuresReport(ctx context.Context, q ReportQueries, sc reports.Scope, lang i18n.Lang, limit int) (reportTable, error) {
	months, err := q.Erasures(ctx, sc.Now)
	if err != nil {
		return reportTable{}, err
	}
	erasures, deletions := i18n.T(lang, "reports.erasures.erasures"), i18n.T(lang, "reports.erasures.deletions")
	t := reportTable{Series: []string{erasures, deletions},
		Head: []string{i18n.T(lang, "reports.erasures.col"), erasures, deletions}}
	for _, m := range months {
		label := monthName(lang, m.Start)
		t.Bars = append(t.Bars, chartBar{Label: label, Values: []int{m.Erasures, m.Deletions}})
		t.Rows = append(t.Rows, []string{label, strconv.Itoa(m.Erasures), strconv.Itoa(m.Deletions)})
	}
	return t, nil
}
