package cdd

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
	"strings"

	domaincdd "github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
)

// The AML officer's report (issue 17): the due-diligence status of every
// matter taken in or open — counts by risk level and decision, the hits
// still to review, the periodic reviews due — on a page, as CSV (one
// matter a row) and as JSON. Walls cut it in the query; no personal data
// but the matters' numbers and titles.

// reportRow is a report row named by its matter.
type reportRow struct {
	cddmodel.ReportRow
	Number, Title string
}

// report reads the rows the reader may see, named by their matters (an
// erased matter's left out).
func (s *Handlers) report(r *http.Request) ([]reportRow, error) {
	walls, err := s.readerWalls(r)
	if err != nil {
		return nil, err
	}
	rows, err := s.deps.Watch.Report(r.Context(), cddmodel.ReportFilter{WalledContacts: walls.contacts, WalledMatters: walls.matters})
	if err != nil {
		return nil, err
	}
	rows = slices.DeleteFunc(rows, func(x cddmodel.ReportRow) bool { return walls.hide(x.MatterID, x.ClientID) })
	ids := make([]string, len(rows))
	for i, x := range rows {
		ids[i] = x.MatterID
	}
	found, err := s.Shared().Matters.GetMany(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	byID := map[string][2]string{}
	for _, m := range found {
		if !m.Erased {
			byID[m.ID] = [2]string{m.Number, m.Title}
		}
	}
	var out []reportRow
	for _, x := range rows {
		if m, ok := byID[x.MatterID]; ok {
			out = append(out, reportRow{ReportRow: x, Number: m[0], Title: m[1]})
		}
	}
	return out, nil
}

// reportPage is the report's page: the counts, by risk level (rows) and
// decision (columns).
type reportPage struct {
	Counts    cddmodel.Counts
	Risks     []string // "" is unassessed
	Decisions []string // "" is undecided
	Due       []reportRow
}

// Cell is the count of risk × decision.
func (p reportPage) Cell(risk, decision string) int { return p.Counts.ByRisk[risk][decision] }

// RiskTotal is the count of a risk level.
func (p reportPage) RiskTotal(risk string) (n int) {
	for _, c := range p.Counts.ByRisk[risk] {
		n += c
	}
	return n
}

var (
	reportRisks     = []string{string(domaincdd.RiskLow), string(domaincdd.RiskNormal), string(domaincdd.RiskHigh), ""}
	reportDecisions = []string{string(domaincdd.DecisionApproved), string(domaincdd.DecisionEscalated), string(domaincdd.DecisionDeclined), ""}
)

// reportPageGet is GET /due-diligence/report.
func (s *Handlers) reportPageGet(w http.ResponseWriter, r *http.Request) {
	rows, err := s.report(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := reportPage{Counts: cddmodel.CountsOf(plain(rows)), Risks: reportRisks, Decisions: reportDecisions}
	for _, x := range rows {
		if x.Overdue {
			p.Due = append(p.Due, x)
		}
	}
	s.RenderPage(w, r, http.StatusOK, "cdd_report", p)
}

func plain(rows []reportRow) []cddmodel.ReportRow {
	out := make([]cddmodel.ReportRow, len(rows))
	for i, x := range rows {
		out[i] = x.ReportRow
	}
	return out
}

// reportCSV is GET /due-diligence/report.csv: one matter a row, headings
// in the reader's language, formulas neutralised.
func (s *Handlers) reportCSV(w http.ResponseWriter, r *http.Request) {
	rows, err := s.report(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	lang := web.LangOf(r.Context())
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="kundkannedom.csv"`)
	out := csv.NewWriter(w)
	header := []string{"cdd.report.matter", "cdd.report.title_col", "cdd.report.status", "cdd.field.risk", "cdd.report.decision",
		"cdd.report.open_hits", "cdd.report.decided_at", "cdd.report.review_due", "cdd.report.overdue"}
	for i, k := range header {
		header[i] = i18n.T(lang, k)
	}
	_ = out.Write(header)
	word := func(prefix, code, none string) string {
		if code == "" {
			return i18n.T(lang, none)
		}
		return i18n.T(lang, prefix+code)
	}
	for _, x := range rows {
		decided, due, overdue := "", "", ""
		if x.DecidedAt != nil {
			decided = x.DecidedAt.UTC().Format("2006-01-02")
		}
		if x.ReviewDue != nil {
			due = x.ReviewDue.UTC().Format("2006-01-02")
		}
		if x.Overdue {
			overdue = i18n.T(lang, "cdd.report.yes")
		}
		_ = out.Write(csvCells(x.Number, x.Title, i18n.T(lang, "matters.status."+x.MatterStatus), word("cdd.risk.", x.Risk, "cdd.report.unassessed"),
			word("cdd.decision.", x.Decision, "cdd.report.undecided"), strconv.Itoa(x.Unreviewed), decided, due, overdue))
	}
	out.Flush()
}

// csvCells neutralises a cell a spreadsheet would read as a formula.
func csvCells(values ...string) []string {
	for i, v := range values {
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			values[i] = "'" + v
		}
	}
	return values
}

// ReportJSON is the report's figures.
type ReportJSON struct {
	Records        int                       `json:"records"`
	ByRisk         map[string]map[string]int `json:"by_risk"` // risk ("unassessed") → decision ("undecided") → records
	OpenHits       int                       `json:"open_hits"`
	RecordsWithHit int                       `json:"records_with_open_hits"`
	OverdueReviews int                       `json:"overdue_reviews"`
}

// apiReport is GET /api/v1/due-diligence/report.
func (s *Handlers) apiReport(w http.ResponseWriter, r *http.Request) {
	rows, err := s.report(r)
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	c := cddmodel.CountsOf(plain(rows))
	out := ReportJSON{Records: c.Records, ByRisk: map[string]map[string]int{}, OpenHits: c.OpenHits, RecordsWithHit: c.WithOpenHits,
		OverdueReviews: c.OverdueReview}
	for risk, byDecision := range c.ByRisk {
		if risk == "" {
			risk = "unassessed"
		}
		out.ByRisk[risk] = map[string]int{}
		for d, n := range byDecision {
			if d == "" {
				d = "undecided"
			}
			out.ByRisk[risk][d] = n
		}
	}
	web.WriteJSON(w, http.StatusOK, out)
}
