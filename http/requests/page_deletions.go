package requests

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
	"github.com/klient-crm/klient/http/web"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// deletionLogPage is the view of the deletion log: what went, under
// which rule, when and by whom, by pseudonym only (no personal data, so
// showing it logs no view).
type deletionLogPage struct {
	Category, Month string
	Subject         string // a contact ID, looked up by its pseudonym
	Categories      []string
	Lines           []deletionLine
	Names           map[string]string
	Error           string
	CSV             string // the export of what the page shows
}

// deletionLine is one line of the log with its pseudonym shortened for
// the table (the whole one is in the title and the CSV).
type deletionLine struct {
	gdprmodel.Deletion
	Short string
}

// shortPseudonym is enough of a pseudonym to tell lines apart by eye.
func shortPseudonym(p string) string {
	if len(p) <= 23 {
		return p
	}
	return p[:23] + "…"
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
func deletionLogFilter(category, month, subject string) (gdprmodel.DeletionFilter, bool) {
	f := gdprmodel.DeletionFilter{Limit: deletionLogLimit}
	if subject = strings.TrimSpace(subject); subject != "" {
		if !web.WellFormedID(subject) {
			return f, false
		}
		f.Pseudonym = gdprmodel.SubjectHash(strings.ToLower(subject))
	}
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
func (s *Handlers) deletionLog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := deletionLogPage{Category: q.Get("category"), Month: q.Get("month"), Subject: q.Get("subject"),
		Categories: deletionCategories()}
	f, ok := deletionLogFilter(page.Category, page.Month, page.Subject)
	status := http.StatusOK
	if !ok {
		page.Error, status = i18n.T(web.LangOf(r.Context()), "dsr.filter.unknown"), http.StatusBadRequest
		f = gdprmodel.DeletionFilter{Limit: deletionLogLimit}
		page.Category, page.Month, page.Subject = "", "", ""
	}
	page.CSV = "/gdpr/deletion-log.csv?" + url.Values{"category": {page.Category}, "month": {page.Month}, "subject": {page.Subject}}.Encode()
	lines, err := s.deps.Register.DeletionLog(r.Context(), f)
	if err == nil {
		members, lerr := s.Shared().Staff.List(r.Context())
		page.Names, err = web.NamesOf(members), lerr
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for _, d := range lines {
		page.Lines = append(page.Lines, deletionLine{Deletion: d, Short: shortPseudonym(d.Pseudonym)})
	}
	s.RenderPage(w, r, status, "gdpr_deletions", page)
}

// deletionLogCSV exports the log as the page filters it.
func (s *Handlers) deletionLogCSV(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, ok := deletionLogFilter(q.Get("category"), q.Get("month"), q.Get("subject"))
	if !ok {
		s.Fail(w, r, web.BadRequest(web.ErrMalformed, "category", "dsr.filter.unknown", "unknown category or month"))
		return
	}
	lines, err := s.deps.Register.DeletionLog(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="raderingslogg.csv"`)
	w.WriteHeader(http.StatusOK)
	writeDeletionCSV(w, web.LangOf(r.Context()), lines)
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
