package reports

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/webtest"
)

// TestBarChartEscapesAndScales: labels and titles are text, never markup;
// the largest bar fills the plot (the chart's width less the room for its
// number), a bar half its value half of it; the picture has a viewBox and
// no fixed size, so it scales to a phone's width (issue 12); nothing is
// drawn for no bars.
func TestBarChartEscapesAndScales(t *testing.T) {
	t.Parallel()
	c := barChart{ID: "c", Title: "Öppna <ärenden>", Desc: "per jurist", Series: []string{"Antal"},
		Bars: []chartBar{{Label: `<script>alert("x")</script>`, Values: []int{4}}, {Label: "Bo", Values: []int{2}}}}
	svg := string(c.svg())
	webtest.WantContains(t, svg, `<title id="c-title">Öppna &lt;ärenden&gt;</title>`, `aria-labelledby="c-title c-desc"`,
		`&lt;script&gt;`, `viewBox="0 0 360 `, fmt.Sprintf(`width="%d"`, chartWidth-chartValueW), fmt.Sprintf(`width="%d"`, (chartWidth-chartValueW)/2))
	webtest.WantAbsent(t, svg, "<script", "<ärenden>")
	tag := svg[:strings.Index(svg, ">")]
	webtest.WantAbsent(t, tag, " width=", " height=")
	if got := (barChart{ID: "e", Series: []string{"Antal"}}).svg(); got != "" {
		t.Errorf("an empty chart drew %q", got)
	}
}

// TestReportCSVIsInertAndPlain: a cell that a spreadsheet would run as a
// formula is quoted with an apostrophe; numbers, negative ones too, stay
// numbers; commas are quoted by the CSV rules.
func TestReportCSVIsInertAndPlain(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	webtest.Must(t, writeReportCSV(&buf, reportTable{Head: []string{"Namn", "Antal"},
		Rows: [][]string{{"=HYPERLINK(\"x\")", "3"}, {"Öppna, försenade", "-2"}, {"@sum", "0"}}}))
	want := "Namn,Antal\n\"'=HYPERLINK(\"\"x\"\")\",3\n\"Öppna, försenade\",-2\n'@sum,0\n"
	if buf.String() != want {
		t.Errorf("csv:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestMonthNames(t *testing.T) {
	t.Parallel()
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if sv, en := monthName(i18n.Swedish, nov), monthName(i18n.English, nov); sv != "november 2026" || en != "November 2026" {
		t.Errorf("month names: %q, %q", sv, en)
	}
	if !strings.HasPrefix(csvName("lawyers", time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)), "klient-lawyers-2027-01-01") {
		t.Error("the CSV's file name is not dated in Stockholm")
	}
}
