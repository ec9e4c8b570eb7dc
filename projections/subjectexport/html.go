package subjectexport

import (
	_ "embed"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain/work"
)

//go:embed page.html.tmpl
var pageSource string

// page is the human-readable package: one Swedish HTML document with its
// style inline and nothing fetched from anywhere, so it can be mailed,
// printed or kept as it is.
var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"sv":       swedish,
	"datetime": func(t time.Time) string { return stamp(t, "2006-01-02 15:04") },
	"date":     func(t time.Time) string { return stamp(t, "2006-01-02") },
	"fields":   func(w *Withholding) string { return strings.Join(svFields(w.Fields), ", ") },
	"kb":       func(n int64) int64 { return (n + 1023) / 1024 },
	"period":   periodInSwedish,
}).Parse(pageSource))

// WriteHTML writes p as the HTML page.
func WriteHTML(w io.Writer, p Package) error {
	return page.Execute(w, p.filled())
}

// stamp is t in Stockholm time, "" for none.
func stamp(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.In(work.Stockholm()).Format(layout)
}

// periodInSwedish reads an ISO 8601 period ("P2Y", "P30D") out in words.
func periodInSwedish(iso string) string {
	var parts []string
	n := 0
	for _, r := range strings.TrimPrefix(iso, "P") {
		if r >= '0' && r <= '9' {
			n = 10*n + int(r-'0')
			continue
		}
		if unit, ok := map[rune][2]string{'Y': {"år", "år"}, 'M': {"månad", "månader"}, 'D': {"dag", "dagar"}}[r]; ok {
			parts = append(parts, strconv.Itoa(n)+" "+unit[min(n, 2)/2])
		}
		n = 0
	}
	if len(parts) == 0 {
		return iso
	}
	return strings.Join(parts, " ")
}

func svFields(fields []string) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = swedish("field", f)
	}
	return out
}
