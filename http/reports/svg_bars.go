package reports

import (
	"fmt"
	"html/template"
	"strings"
	"unicode/utf8"
)

// barChart is a horizontal bar chart drawn as inline SVG on the server:
// the CSP allows no script, and a picture made of markup needs none. One
// group of bars per label, one bar per series.
type barChart struct {
	ID     string // unique on the page: names the <title> and <desc>
	Title  string
	Desc   string
	Series []string // one name per value of each bar; a legend when several
	Bars   []chartBar
}

// chartBar is one label's values, one per series.
type chartBar struct {
	Label  string
	Values []int
}

// The chart's geometry, in SVG user units. The SVG has a viewBox and no
// fixed size: it scales to its box (the stylesheet gives it the box's width,
// up to 32rem), so it fits a phone. Each label stands on its own line above
// its bars rather than in a column beside them, so that a narrow screen
// shrinks the picture less and the words stay legible.
const (
	chartWidth   = 360
	chartValueW  = 40 // room for the number after the longest bar
	chartLabelH  = 18 // the label's line above its bars
	chartBarH    = 16
	chartGap     = 10
	chartLegendH = 26
	chartMaxRune = 50 // longer labels are cut (the table has them whole)
)

// chartColours tell the series apart; dark enough for white text's contrast
// rules not to matter, as the numbers are drawn outside the bars.
var chartColours = []string{"#2f5d8a", "#c2702e", "#3d8a5f", "#8a3d6b"}

// svg draws the chart; nothing when there is nothing to draw.
func (c barChart) svg() template.HTML {
	if len(c.Bars) == 0 || len(c.Series) == 0 {
		return ""
	}
	top := 0
	if len(c.Series) > 1 {
		top = chartLegendH
	}
	group := chartLabelH + len(c.Series)*chartBarH + chartGap
	height := top + len(c.Bars)*group
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="%s-title %s-desc">`,
		chartWidth, height, c.ID, c.ID)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, c.ID, esc(c.Title), c.ID, esc(c.Desc))
	c.legend(&b)
	scale := float64(chartWidth-chartValueW) / float64(max(c.largest(), 1))
	for i, bar := range c.Bars {
		c.group(&b, bar, top+i*group, scale)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every text is escaped by esc
}

// legend names the series above the bars when there are several.
func (c barChart) legend(b *strings.Builder) {
	if len(c.Series) < 2 {
		return
	}
	x := 0
	for i, name := range c.Series {
		fmt.Fprintf(b, `<rect x="%d" y="6" width="12" height="12" fill="%s"/><text x="%d" y="16" font-size="12">%s</text>`,
			x, colour(i), x+16, esc(name))
		x += 24 + 8*utf8.RuneCountInString(name)
	}
}

// group draws one label and, under it, its bars, each with its number after
// it and a tooltip naming label, series and number.
func (c barChart) group(b *strings.Builder, bar chartBar, y int, scale float64) {
	fmt.Fprintf(b, `<text x="0" y="%d" font-size="12">%s</text>`, y+chartLabelH-5, esc(cut(bar.Label)))
	for j := range c.Series {
		v := 0
		if j < len(bar.Values) {
			v = bar.Values[j]
		}
		w := int(float64(v)*scale + 0.5)
		by := y + chartLabelH + j*chartBarH
		fmt.Fprintf(b, `<rect x="0" y="%d" width="%d" height="%d" fill="%s"><title>%s</title></rect>`,
			by, w, chartBarH-2, colour(j), esc(fmt.Sprintf("%s, %s: %d", bar.Label, c.Series[j], v)))
		fmt.Fprintf(b, `<text x="%d" y="%d" font-size="11">%d</text>`, w+4, by+chartBarH-4, v)
	}
}

func (c barChart) largest() int {
	m := 0
	for _, bar := range c.Bars {
		for _, v := range bar.Values {
			m = max(m, v)
		}
	}
	return m
}

func colour(i int) string { return chartColours[i%len(chartColours)] }

func esc(s string) string { return template.HTMLEscapeString(s) }

// cut shortens a label to chartMaxRune runes, marking the cut.
func cut(s string) string {
	if utf8.RuneCountInString(s) <= chartMaxRune {
		return s
	}
	return string([]rune(s)[:chartMaxRune-1]) + "…"
}
