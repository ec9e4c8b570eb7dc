package reports

import (
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/reports"
)

// errNoSuchReport answers an unknown report and one the reader may not
// see (the DPO's request report for others) alike.
var errNoSuchReport = domain.NotFound("there is no such report").WithCode("reports.not_found")

// dashboardRows is how many rows and bars of a ranked report the
// dashboard shows; the report's own page and its CSV show all.
const dashboardRows = 10

// reportPageRows caps a report's own page: a firm's twenty thousand
// matters belong in the CSV, not in one HTML table.
const reportPageRows = 200

// reportsPage is the view of the dashboard and of one report.
type reportsPage struct {
	Sections []reportSection
	Single   bool   // one report's own page
	AsOf     string // the day counted, spelt out
	FirmWide bool   // counted over the whole firm, not the reader's matters
}

// reportSection is one report as a page shows it.
type reportSection struct {
	Name  string
	Title string
	Lead  string
	Chart template.HTML
	Head  []string
	Rows  [][]string
	Cut   bool // more rows than shown
}

// reportScope is the principal's scope: their own matters when they work
// on matters, else the whole firm (analysts, the DPO) without titles;
// walls apply to both.
func (s *Handlers) reportScope(r *http.Request) (reports.Scope, error) {
	p, _ := web.PrincipalOf(r.Context())
	walls, err := s.WalledTargets(r)
	casework := p.Can(access.MatterView)
	return reports.Scope{Viewer: p.Viewer(), FirmWide: !casework, Walls: walls, Titles: casework, Now: time.Now()}, err
}

// reportsDashboard shows every report the principal may see, each cut to
// its first rows.
func (s *Handlers) reportsDashboard(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	sc, err := s.reportScope(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var defs []reportDef
	for _, d := range reportDefs {
		if d.visibleTo(p) {
			defs = append(defs, d)
		}
	}
	sections, err := s.reportSections(r, sc, defs, dashboardRows)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "reports", s.reportsView(r, sc, sections, false))
}

// showReport shows one report whole, or sends it as CSV when the name
// ends in .csv.
func (s *Handlers) showReport(w http.ResponseWriter, r *http.Request) {
	p, _ := web.PrincipalOf(r.Context())
	name, csv := strings.CutSuffix(chi.URLParam(r, "name"), ".csv")
	d, ok := reportNamed(p, name)
	if !ok {
		s.Fail(w, r, errNoSuchReport)
		return
	}
	sc, err := s.reportScope(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if csv {
		if err := s.UnlessRebuilding(r); err != nil {
			s.Fail(w, r, err)
			return
		}
		s.reportCSV(w, r, sc, d)
		return
	}
	sections, err := s.reportSections(r, sc, []reportDef{d}, reportPageRows)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "reports", s.reportsView(r, sc, sections, true))
}

func (s *Handlers) reportsView(r *http.Request, sc reports.Scope, sections []reportSection, single bool) reportsPage {
	return reportsPage{Sections: sections, Single: single, FirmWide: sc.FirmWide,
		AsOf: i18n.LongDate(web.LangOf(r.Context()), sc.Now)}
}
