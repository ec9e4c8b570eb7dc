package http

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/http/i18n"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// deletionLogPage is the view of the deletion log: what went, under
// which rule, when and by whom, by pseudonym only (no personal data, so
// showing it logs no view).
type deletionLogPage struct {
	Category, Month string
	Categories      []string
	Lines           []gdprmodel.Deletion
	Names           map[string]string
	Error           string
	CSV             string // the export of what the page shows
}

// deletionLogLimit is how many lines one page and one export hold.
const deletionLogLimit = 500

// deletionCategories are the categories the log is filtered by: the
// retention schedule's and the erasures carried out at a request.
func deletionCategories() []string {
	out := []string{gdprmodel.CategoryErasure}
	for _, c := range gdpr.Categories {
		out = append(out, string(c))
	}
	return out
}

// deletionLogFilter reads ?category= and ?month=YYYY-MM (a Stockholm
// month); ok is false when either is not one the log knows.
func deletionLogFilter(category, month string) (gdprmodel.DeletionFilter, bool) {
	f := gdprmodel.DeletionFilter{Limit: deletionLogLimit}
	okCategory := category == "" || slices.Contains(deletionCategories(), category)
	if okCategory {
		f.Category = category
	}
	if month == "" {
		return f, okCategory
	}
	start, err := time.ParseInLocation("2006-01", month, i18n.Stockholm)
	if err != nil {
		return f, false
	}
	f.From, f.To = start, start.AddDate(0, 1, 0)
	return f, okCategory
}

// deletionLog shows the log; a filter it does not know is a 400 with the
// unfiltered page and a message.
func (s *server) deletionLog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := deletionLogPage{Category: q.Get("category"), Month: q.Get("month"), Categories: deletionCategories()}
	f, ok := deletionLogFilter(page.Category, page.Month)
	status := http.StatusOK
	if !ok {
		page.Error, status = i18n.T(langOf(r.Context()), "dsr.filter.unknown"), http.StatusBadRequest
		f = gdprmodel.DeletionFilter{Limit: deletionLogLimit}
		page.Category, page.Month = "", ""
	}
	page.CSV = "/gdpr/deletion-log.csv?" + url.Values{"category": {page.Category}, "month": {page.Month}}.Encode()
	lines, err := s.deps.Requests.Register.DeletionLog(r.Context(), f)
	if err == nil {
		members, lerr := s.deps.Staff.List(r.Context())
		page.Names, err = namesOf(members), lerr
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Lines = lines
	s.renderPage(w, r, status, "gdpr_deletions", page)
}

// deletionLogCSV exports the log as the page filters it.
func (s *server) deletionLogCSV(w http.ResponseWriter, r *http.Request) {
	f, ok := deletionLogFilter(r.URL.Query().Get("category"), r.URL.Query().Get("month"))
	if !ok {
		s.fail(w, r, badRequest(errMalformed, "category", "dsr.filter.unknown", "unknown category or month"))
		return
	}
	lines, err := s.deps.Requests.Register.DeletionLog(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="raderingslogg.csv"`)
	w.WriteHeader(http.StatusOK)
	writeDeletionCSV(w, langOf(r.Context()), lines)
}

// writeDeletionCSV writes one row per line under a header in lang.
func writeDeletionCSV(w http.ResponseWriter, lang i18n.Lang, lines []gdprmodel.Deletion) {
	out := csv.NewWriter(w)
	header := []string{"dsr.deletions.col.when", "dsr.deletions.col.pseudonym", "dsr.deletions.col.category",
		"dsr.deletions.col.rule", "dsr.deletions.col.ground", "dsr.deletions.col.due", "dsr.deletions.col.records",
		"dsr.deletions.col.by", "dsr.deletions.col.erasure"}
	for i, key := range header {
		header[i] = i18n.T(lang, key)
	}
	_ = out.Write(header)
	for _, d := range lines {
		due := ""
		if !d.DueOn.IsZero() {
			due = d.DueOn.String()
		}
		_ = out.Write(deletionCells(i18n.DateTime(d.DeletedAt), d.Pseudonym, d.Category, strings.TrimSpace(d.RulePeriod+" "+d.RuleTrigger),
			d.Ground, due, strconv.FormatInt(d.Records, 10), d.TriggeredBy, d.ErasureID))
	}
	out.Flush()
}

// deletionCells neutralises values a spreadsheet would run as a formula.
func deletionCells(values ...string) []string {
	for i, v := range values {
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			values[i] = "'" + v
		}
	}
	return values
}
