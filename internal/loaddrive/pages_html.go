package loaddrive

import (
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The page driver reads Klient's own pages the way a person does: it
// follows the links and sends the forms they show. These patterns fit the
// server's templates (http/templates), which write attributes in quotes.
var (
	idLink      = regexp.MustCompile(`href="(/contacts/|/matters/)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"`)
	contactName = regexp.MustCompile(`<a href="/contacts/[0-9a-f-]{36}">([^<]+)</a>`)
	formTag     = regexp.MustCompile(`(?s)<form([^>]*)>(.*?)</form>`)
	inputTag    = regexp.MustCompile(`<input([^>]*)>`)
	selectTag   = regexp.MustCompile(`(?s)<select([^>]*)>(.*?)</select>`)
	optionTag   = regexp.MustCompile(`<option value="([^"]*)"([^>]*)>`)
	nameAttr    = regexp.MustCompile(`\bname="([^"]*)"`)
	valueAttr   = regexp.MustCompile(`\bvalue="([^"]*)"`)
	typeAttr    = regexp.MustCompile(`\btype="([^"]*)"`)
)

// linkedIDs are the IDs of the contacts or matters (prefix "/contacts/"
// or "/matters/") the page links to, in order, each once.
func linkedIDs(page, prefix string) []string {
	var out []string
	for _, m := range idLink.FindAllStringSubmatch(page, -1) {
		if m[1] == prefix && !slices.Contains(out, m[2]) {
			out = append(out, m[2])
		}
	}
	return out
}

// searchTerms are words of the contact names a page lists, with the
// first letters of the longer ones (people type a beginning and expect
// the rest): what staff would type into the search.
func searchTerms(page string) []string {
	var out []string
	add := func(t string) {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	for _, m := range contactName.FindAllStringSubmatch(page, -1) {
		words := strings.FieldsFunc(html.UnescapeString(m[1]), func(r rune) bool { return !unicode.IsLetter(r) })
		for _, w := range words {
			if n := utf8.RuneCountInString(w); n >= 3 {
				add(w)
				if n >= 6 {
					add(string([]rune(w)[:4]))
				}
			}
		}
	}
	return out
}

// formFields is what a browser would send from the first form whose
// opening tag contains marker, as the page filled it: inputs with a
// value (checkboxes and radios only when checked) and each select's
// selected option, else its first. Nil when the page has no such form.
func formFields(page, marker string) url.Values {
	for _, m := range formTag.FindAllStringSubmatch(page, -1) {
		if !strings.Contains(m[1], marker) {
			continue
		}
		f := url.Values{}
		for _, in := range inputTag.FindAllStringSubmatch(m[2], -1) {
			name, value, kind := attr(nameAttr, in[1]), attr(valueAttr, in[1]), attr(typeAttr, in[1])
			checkable := kind == "checkbox" || kind == "radio"
			if name != "" && (!checkable || strings.Contains(in[1], " checked")) {
				f.Add(name, value)
			}
		}
		for _, sel := range selectTag.FindAllStringSubmatch(m[2], -1) {
			if name := attr(nameAttr, sel[1]); name != "" {
				f.Set(name, chosenOption(sel[2]))
			}
		}
		return f
	}
	return nil
}

// selectOptions are the values a select offers, the empty "choose" left out.
func selectOptions(page, name string) []string {
	var out []string
	for _, sel := range selectTag.FindAllStringSubmatch(page, -1) {
		if attr(nameAttr, sel[1]) != name {
			continue
		}
		for _, o := range optionTag.FindAllStringSubmatch(sel[2], -1) {
			if o[1] != "" {
				out = append(out, html.UnescapeString(o[1]))
			}
		}
	}
	return out
}

func chosenOption(options string) string {
	all := optionTag.FindAllStringSubmatch(options, -1)
	for _, o := range all {
		if strings.Contains(o[2], "selected") {
			return html.UnescapeString(o[1])
		}
	}
	if len(all) > 0 {
		return html.UnescapeString(all[0][1])
	}
	return ""
}

func attr(re *regexp.Regexp, tag string) string {
	if m := re.FindStringSubmatch(tag); m != nil {
		return html.UnescapeString(m[1])
	}
	return ""
}
