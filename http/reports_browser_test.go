package http_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserReportsDrawTheirCharts: a lawyer opens the dashboard in
// Chromium and finds each report's SVG chart drawn, with its accessible
// title, their name by their bar, and the table beside it; the whole
// report opens from its link.
func TestBrowserReportsDrawTheirCharts(t *testing.T) {
	t.Parallel()
	a, base, ctx := browserApp(t)
	m := a.takeIn("Diagramärende", "arbetsrätt", a.me.ID, a.createPerson("Dia", "Gram"))
	a.clearAndOpen(m.ID, "clear", "")
	a.logComm(m.ID, "email", time.Now().Add(-time.Hour))
	signInBrowser(t, ctx, base, a.me.Email)
	step(t, ctx, "open the dashboard", chromedp.Navigate(base+"/reports"),
		chromedp.WaitVisible(chromedp.CSS(`#report-lawyers svg.chart rect`)))
	want(t, text(t, ctx, "h1"), "Reports")
	want(t, svgText(t, ctx, "#chart-lawyers-title"), "Open matters per responsible lawyer")
	if label := svgText(t, ctx, "#report-lawyers svg.chart text"); !strings.Contains(label, staffName(a.me)) {
		t.Errorf("the lawyers' chart is labelled %q", label)
	}
	for _, name := range []string{"areas", "intake", "deadlines", "communications", "erasures"} {
		step(t, ctx, "find the "+name+" section", chromedp.WaitVisible(chromedp.CSS(`#report-`+name+` h2`)))
	}
	want(t, svgText(t, ctx, "#report-areas tbody th"), "arbetsrätt")
	step(t, ctx, "open the whole communications report",
		chromedp.Click(chromedp.CSS(`#report-communications a[href="/reports/communications"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#report-communications svg.chart rect`)))
	if row := svgText(t, ctx, "#report-communications tbody th"); !strings.Contains(row, m.Number+" Diagramärende") {
		t.Errorf("the communications report's row: %q", row)
	}
}

// svgText is an element's text as written, not as styled: SVG elements
// have no innerText, and the tables' row headers are set in capitals.
func svgText(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	return read(t, ctx, css, chromedp.TextContent(chromedp.CSS(css)))
}
