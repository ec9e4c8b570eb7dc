package i18n

import (
	"strconv"
	"strings"
)

// Lang is a language the catalogue speaks, as a BCP 47 primary tag.
type Lang string

// The languages Klient speaks. Swedish comes first: it is the default.
const (
	Swedish Lang = "sv"
	English Lang = "en"
	Default      = Swedish
)

// Supported lists every language in the order the language switch shows them.
func Supported() []Lang { return []Lang{Swedish, English} }

// Parse accepts a supported language tag ("sv", "en-GB") and says whether it
// was one.
func Parse(tag string) (Lang, bool) {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	for _, l := range Supported() {
		if primary == string(l) {
			return l, true
		}
	}
	return Default, false
}

// Negotiate picks the supported language an Accept-Language header prefers
// most, or Default. Norwegian and Danish readers get Swedish: they read it
// more easily than English.
func Negotiate(acceptLanguage string) Lang {
	best, bestQ := Default, -1.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, q := weighted(part)
		l, ok := Parse(tag)
		if !ok {
			l, ok = Swedish, isScandinavian(tag)
		}
		if ok && q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// weighted splits "en-GB;q=0.8" into its tag and quality (1 when absent).
func weighted(part string) (string, float64) {
	tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
	q := 1.0
	if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			q = f
		}
	}
	if q <= 0 {
		return "", 0
	}
	return tag, q
}

func isScandinavian(tag string) bool {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	return primary == "no" || primary == "nb" || primary == "nn" || primary == "da"
}
