package reports

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/reports"
)

// reportCSV sends report d whole as CSV (RFC 4180, UTF-8, the page's
// language in the header row). The file is built before anything is sent,
// and the view is recorded first, as for the page.
func (s *Handlers) reportCSV(w http.ResponseWriter, r *http.Request, sc reports.Scope, d reportDef) {
	t, err := d.load(r.Context(), s.deps.Queries, sc, web.LangOf(r.Context()), 0)
	if err == nil {
		err = s.RecordView(r, t.Subjects)
	}
	var buf bytes.Buffer
	if err == nil {
		err = writeReportCSV(&buf, t)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+csvName(d.Name, sc.Now)+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

func writeReportCSV(buf *bytes.Buffer, t reportTable) error {
	cw := csv.NewWriter(buf)
	_ = cw.Write(t.Head)
	for _, row := range t.Rows {
		safe := make([]string, len(row))
		for i, cell := range row {
			safe[i] = inert(cell)
		}
		_ = cw.Write(safe)
	}
	cw.Flush()
	return cw.Error()
}

// inert keeps a spreadsheet from reading a cell as a formula: a name or
// title that begins with = + - @ (or a tab or carriage return) gets a
// leading apostrophe. Numbers are left alone.
func inert(cell string) string {
	if cell == "" || !strings.ContainsAny(cell[:1], "=+-@\t\r") {
		return cell
	}
	if _, err := strconv.Atoi(cell); err == nil {
		return cell
	}
	return "'" + cell
}

// csvName is the file's name: the report and the Stockholm day counted.
func csvName(name string, now time.Time) string {
	return "klient-" + name + "-" + csvDay(now) + ".csv"
}

// csvDay is the Stockholm day a report counted.
func csvDay(now time.Time) string { return i18n.Date(now) }

// monthName is a month as Swedes write it, "november 2026" (English:
// "November 2026"); start is a calendar date, read as it is.
func monthName(lang i18n.Lang, start time.Time) string {
	return i18n.T(lang, "reports.month."+strconv.Itoa(int(start.Month()))) + " " + strconv.Itoa(start.Year())
}
