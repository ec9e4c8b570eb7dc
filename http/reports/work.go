package reports

import (
	"context"
	"strconv"

	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/projections/reports"
)

// deadlinesReport: per person, pending deadlines overdue and due from
// today to Sunday, on the matters in scope.
func deadlinesReport(ctx context.Context, q ReportQueries, sc reports.Scope, lang i18n.Lang, limit int) (reportTable, error) {
	people, err := q.Deadlines(ctx, sc)
	if err != nil {
		return reportTable{}, err
	}
	overdue, week := i18n.T(lang, "reports.deadlines.overdue"), i18n.T(lang, "reports.deadlines.week")
	t := reportTable{Series: []string{overdue, week},
		Head: []string{i18n.T(lang, "reports.deadlines.col"), overdue, week}}
	for _, p := range people {
		name := p.Name
		if name == "" {
			name = i18n.T(lang, "reports.unnamed")
		}
		t.Bars = append(t.Bars, chartBar{Label: name, Values: []int{p.Overdue, p.ThisWeek}})
		t.Rows = append(t.Rows, []string{name, strconv.Itoa(p.Overdue), strconv.Itoa(p.ThisWeek)})
	}
	return t, nil
}

// commKinds are the columns of the communication report, in the log's
// order.
var commKinds = []communication.Kind{communication.KindEmail, communication.KindPhoneCall, communication.KindMeeting,
	communication.KindLetterIncoming, communication.KindLetterOutgoing, communication.KindNote}

// communicationsReport: the last twelve months' communications per matter
// and kind. A matter is its number, and its title for those who work on
// matters (the scope's Titles); those matters are the report's subjects.
// It asks for limit matters only: the counting is PostgreSQL's.
func communicationsReport(ctx context.Context, q ReportQueries, sc reports.Scope, lang i18n.Lang, limit int) (reportTable, error) {
	volumes, err := q.Communications(ctx, sc, limit)
	if err != nil {
		return reportTable{}, err
	}
	total := i18n.T(lang, "reports.communications.total")
	t := reportTable{Series: []string{total}, Head: []string{i18n.T(lang, "reports.communications.col")}}
	for _, k := range commKinds {
		t.Head = append(t.Head, i18n.T(lang, "comms.kind."+string(k)))
	}
	t.Head = append(t.Head, total)
	for _, v := range volumes {
		label, subject := v.Number, ""
		if v.Title != "" {
			label, subject = v.Number+" "+v.Title, matter.Subject(v.MatterID)
		}
		t.Subjects = append(t.Subjects, subject)
		row := []string{label}
		for _, k := range commKinds {
			row = append(row, strconv.Itoa(v.ByKind[string(k)]))
		}
		t.Rows = append(t.Rows, append(row, strconv.Itoa(v.Total)))
		t.Bars = append(t.Bars, chartBar{Label: label, Values: []int{v.Total}})
	}
	return t, nil
}
