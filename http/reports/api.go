package reports

import (
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"
	"github.com/klient-crm/klient/http/web"
)

// ReportJSON is one report for the API: the table the page and the CSV
// show, with counts as numbers, in the language the client asks for.
type ReportJSON struct {
	Name    string   `json:"name"`
	Title   string   `json:"title"`
	AsOf    string   `json:"as_of"` // the Stockholm day counted, YYYY-MM-DD
	Columns []string `json:"columns"`
	Rows    [][]any  `json:"rows"`
}

// apiReport answers GET /api/v1/reports/{name}: the whole report, as the
// CSV has it, within the caller's scope. An unknown report and one the
// caller may not see are both 404.
func (s *Handlers) apiReport(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	d, ok := reportNamed(p, chi.URLParam(r, "name"))
	if !ok {
		s.WriteProblem(w, r, errNoSuchReport)
		return
	}
	sc, err := s.reportScope(r)
	if err == nil {
		err = s.UnlessRebuilding(r)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	lang := web.LangOf(r.Context())
	t, err := d.load(r.Context(), s.deps.Queries, sc, lang, 0)
	if err == nil {
		err = s.RecordView(r, t.Subjects)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	out := ReportJSON{Name: d.Name, Title: section(lang, d, reportTable{}, false).Title,
		AsOf: csvDay(sc.Now), Columns: t.Head, Rows: make([][]any, len(t.Rows))}
	for i, row := range t.Rows {
		out.Rows[i] = typedCells(row)
	}
	web.WriteJSON(w, http.StatusOK, out)
}

// typedCells keeps the first cell (the label) as text and sends counts as
// numbers.
func typedCells(row []string) []any {
	cells := make([]any, len(row))
	for i, c := range row {
		cells[i] = c
		if n, err := strconv.Atoi(c); err == nil && i > 0 {
			cells[i] = n
		}
	}
	return cells
}
