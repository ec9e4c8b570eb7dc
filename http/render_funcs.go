package http

import (
	"html/template"
	"time"

	"github.com/klient-crm/klient/http/i18n"
)

// funcs are the template functions for one language. Templates never hold
// text for people: they call t with a catalogue key.
func funcs(lang i18n.Lang, static *staticFiles) template.FuncMap {
	return template.FuncMap{
		"t": func(key string, args ...any) string { return i18n.T(lang, key, args...) },
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return i18n.DateTime(t)
		},
		"longdate": func(t time.Time) string { return i18n.LongDate(lang, t) },
		"isodatetime": func(t time.Time) string {
			return t.In(i18n.Stockholm).Format(time.RFC3339)
		},
		"static":       static.url,
		"addresslines": addressLines,
		"langs":        i18n.Supported,
	}
}
