package subjectexport

import (
	_ "embed"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain/work"
)

// Words is the language a package is written in and the message
// catalogue's words in it (http/i18n, keys pkg.*): every heading, label,
// code name and ground comes from there, so the package keeps no words of
// its own and speaks whatever language the catalogue does.
type Words struct {
	Lang string                               // BCP 47 primary tag, "sv" or "en"
	Say  func(key string, args ...any) string // the catalogue in Lang; an unknown key comes back as itself
}

// name is code of kind in words, the code itself when the catalogue has no name for it.
func (w Words) name(kind, code string) string {
	key := "pkg." + kind + "." + code
	if s := w.Say(key); s != key {
		return s
	}
	return code
}

//go:embed page.html.tmpl
var pageSource string

// page is the human-readable package: one HTML document with its style
// inline and nothing fetched from anywhere, so it can be mailed, printed
// or kept as it is. Its words are bound per language in WriteHTML.
var page = template.Must(template.New("page").Funcs(pageFuncs(Words{})).Parse(pageSource))

func pageFuncs(w Words) template.FuncMap {
	return template.FuncMap{
		"lang":     func() string { return w.Lang },
		"t":        w.Say,
		"word":     w.name,
		"datetime": func(t time.Time) string { return stamp(t, "2006-01-02 15:04") },
		"date":     func(t time.Time) string { return stamp(t, "2006-01-02") },
		"fields":   func(h *Withholding) string { return strings.Join(fieldNames(w, h.Fields), ", ") },
		"kb":       func(n int64) int64 { return (n + 1023) / 1024 },
		"period":   func(iso string) string { return period(w, iso) },
	}
}

// WriteHTML writes p as the HTML page in words' language.
func WriteHTML(out io.Writer, p Package, words Words) error {
	t, err := page.Clone()
	if err != nil {
		return err
	}
	return t.Funcs(pageFuncs(words)).Execute(out, p.worded(words))
}

// stamp is t in Stockholm time, "" for none.
func stamp(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.In(work.Stockholm()).Format(layout)
}

// period reads an ISO 8601 period ("P2Y", "P30D") out in words.
func period(w Words, iso string) string {
	var parts []string
	n := 0
	for _, r := range strings.TrimPrefix(iso, "P") {
		if r >= '0' && r <= '9' {
			n = 10*n + int(r-'0')
			continue
		}
		if strings.ContainsRune("YMD", r) {
			number := ".many"
			if n == 1 {
				number = ".one"
			}
			parts = append(parts, strconv.Itoa(n)+" "+w.Say("pkg.page.period."+string(r)+number))
		}
		n = 0
	}
	if len(parts) == 0 {
		return iso
	}
	return strings.Join(parts, " ")
}

func fieldNames(w Words, fields []string) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = w.name("field", f)
	}
	return out
}

// worded is p, every list filled, with lang set and each withholding's
// ground code replaced by the ground in words. The lists that hold
// withholdings are copied, so p itself is left as it was built.
func (p Package) worded(words Words) Package {
	p = p.filled()
	p.Lang = words.Lang
	ground := func(h **Withholding) {
		if *h != nil {
			c := **h
			c.Ground = words.name("ground", c.Ground)
			*h = &c
		}
	}
	p.Matters = slices.Clone(p.Matters)
	for i := range p.Matters {
		ground(&p.Matters[i].Withheld)
	}
	p.Communications = slices.Clone(p.Communications)
	for i := range p.Communications {
		ground(&p.Communications[i].Withheld)
	}
	p.Documents = slices.Clone(p.Documents)
	for i := range p.Documents {
		ground(&p.Documents[i].Withheld)
	}
	p.Tasks = slices.Clone(p.Tasks)
	for i := range p.Tasks {
		ground(&p.Tasks[i].Withheld)
	}
	p.DueDiligence = slices.Clone(p.DueDiligence)
	for i := range p.DueDiligence {
		ground(&p.DueDiligence[i].Withheld)
	}
	p.Accesses = slices.Clone(p.Accesses)
	for i := range p.Accesses {
		ground(&p.Accesses[i].Withheld)
	}
	return p
}
