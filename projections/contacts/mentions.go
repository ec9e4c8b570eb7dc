package contacts

import (
	"slices"
	"strings"
	"unicode"
)

// Marks are what names a contact in free text others wrote: the folded
// name (fold, as the search folds it: "Asa Oberg" is Åsa Öberg), the
// family name alone, the identity number's digits, e-mail addresses and
// phone numbers. An erasure looks for them in the firm's other records
// (docs/gdpr.md, "Mentions in other matters"), while the contact's details
// can still be opened.
type Marks struct {
	names   []string // folded, each matched as whole words (or in the genitive, with an "s")
	numbers []string // digit strings: identity numbers (ten digits); phones (national, no trunk 0) prefixed "p"
	emails  []string // lower case
}

// The kinds of mark a mention names: what was found, never the text.
const (
	MarkName   = "name"
	MarkNumber = "number"
	MarkEmail  = "email"
	MarkPhone  = "phone"
)

// Span is where in a text a mark was found: rune offsets, End exclusive,
// and the kind of mark. Offsets say nothing of the person; with the text
// they let a redaction propose the text without them.
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Mark  string `json:"mark"`
}

// MarksOf are c's marks. A family name of fewer than three letters is left
// out alone (it would be found in too many words); the whole name is not.
func MarksOf(c Contact) Marks {
	var m Marks
	addName := func(s string) {
		if f := fold(s); f != "" && !slices.Contains(m.names, f) {
			m.names = append(m.names, f)
		}
	}
	switch c.Kind {
	case KindOrganisation:
		addName(c.OrganisationName)
	default:
		addName(c.GivenName + " " + c.FamilyName)
		if len([]rune(fold(c.FamilyName))) >= 3 {
			addName(c.FamilyName)
		}
	}
	if d := digits(c.Personnummer + c.Organisationsnummer); len(d) >= 10 {
		m.numbers = append(m.numbers, d[len(d)-10:])
	}
	for _, e := range c.Emails {
		if a := strings.ToLower(strings.TrimSpace(e.Address)); a != "" {
			m.emails = append(m.emails, a)
		}
	}
	for _, p := range c.Phones {
		d := strings.TrimPrefix(strings.TrimPrefix(digits(p.Number), "46"), "0")
		if len(d) >= 7 {
			m.numbers = append(m.numbers, "p"+d)
		}
	}
	return m
}

// With is m and o together: a survivor's marks with those of the
// contacts merged into it, who were the same person (issue 14).
func (m Marks) With(o Marks) Marks {
	add := func(dst, src []string) []string {
		for _, v := range src {
			if !slices.Contains(dst, v) {
				dst = append(dst, v)
			}
		}
		return dst
	}
	return Marks{names: add(slices.Clone(m.names), o.names), numbers: add(slices.Clone(m.numbers), o.numbers),
		emails: add(slices.Clone(m.emails), o.emails)}
}

// Empty reports marks that can find nothing (an erased contact's).
func (m Marks) Empty() bool { return len(m.names)+len(m.numbers)+len(m.emails) == 0 }

// In lists the kinds of mark found in text (MarkName, MarkNumber,
// MarkPhone, MarkEmail, in that order), each once; none when the text does
// not name the contact.
func (m Marks) In(text string) []string {
	var found []string
	for _, kind := range []string{MarkName, MarkNumber, MarkPhone, MarkEmail} {
		if slices.ContainsFunc(m.Spans(text), func(s Span) bool { return s.Mark == kind }) {
			found = append(found, kind)
		}
	}
	return found
}

// Spans are where text names the contact, in order of Start.
func (m Marks) Spans(text string) []Span {
	if !m.mayBeIn(text) {
		return nil
	}
	runes := []rune(text)
	var out []Span
	out = append(out, m.nameSpans(runes)...)
	out = append(out, m.numberSpans(runes)...)
	out = append(out, m.emailSpans(runes)...)
	slices.SortStableFunc(out, func(a, b Span) int { return a.Start - b.Start })
	return out
}

// mayBeIn is the cheap first look an erasure gives every text the firm
// keeps: false when no mark can be in it (most texts), so only the few
// left are mapped rune by rune.
func (m Marks) mayBeIn(text string) bool {
	folded := " " + fold(text) + " "
	for _, n := range m.names {
		if strings.Contains(folded, " "+n+" ") || strings.Contains(folded, " "+n+"s ") {
			return true
		}
	}
	if len(m.numbers) > 0 {
		d := digits(text)
		for _, n := range m.numbers {
			if strings.Contains(d, strings.TrimPrefix(n, "p")) {
				return true
			}
		}
	}
	if len(m.emails) > 0 {
		lower := strings.ToLower(text)
		for _, e := range m.emails {
			if strings.Contains(lower, e) {
				return true
			}
		}
	}
	return false
}

// nameSpans finds each name as whole words of the folded text, mapped
// back to the runes they were folded from.
func (m Marks) nameSpans(runes []rune) []Span {
	folded, from := foldMapped(runes)
	var out []Span
	for _, n := range m.names {
		// The name, or its genitive ("Kalle Svenssons bouppteckning"):
		// the span takes the "s" with it.
		for _, want := range [][]rune{[]rune(" " + n + " "), []rune(" " + n + "s ")} {
			for i := 0; i+len(want) <= len(folded); i++ {
				if slices.Equal(folded[i:i+len(want)], want) {
					// folded is padded with a space at each end: from covers it.
					out = append(out, Span{Start: from[i+1], End: from[i+len(want)-2] + 1, Mark: MarkName})
				}
			}
		}
	}
	return out
}

// foldMapped is fold over runes, padded with a space at each end, with the
// index of the rune each folded rune came from.
func foldMapped(runes []rune) ([]rune, []int) {
	out, from := []rune{' '}, []int{-1}
	space := true
	for i, r := range runes {
		r = unicode.ToLower(r)
		if f, ok := folds[r]; ok {
			for _, fr := range f {
				out, from = append(out, fr), append(from, i)
			}
			space = false
			continue
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			out, from, space = append(out, r), append(from, i), false
		case !space:
			out, from, space = append(out, ' '), append(from, i), true
		}
	}
	if !space {
		out, from = append(out, ' '), append(from, len(runes))
	}
	return out, from
}

// numberSpans finds identity and phone numbers in the runs of digits
// people write numbers with ("070-123 45 67", "+46 (0)70 123 45 67",
// "800101-1234": digits with spaces, hyphens, brackets and plus signs).
func (m Marks) numberSpans(runes []rune) []Span {
	var out []Span
	var ds []rune
	var at []int
	end := func() {
		for _, n := range m.numbers {
			want, phone := strings.CutPrefix(n, "p")
			mark := MarkNumber
			if phone {
				mark = MarkPhone
			}
			w := []rune(want)
			for i := 0; i+len(w) <= len(ds); i++ {
				if slices.Equal(ds[i:i+len(w)], w) {
					start := at[i]
					if phone {
						start = phonePrefix(runes, ds, at, i)
					}
					out = append(out, Span{Start: start, End: at[i+len(w)-1] + 1, Mark: mark})
				}
			}
		}
		ds, at = ds[:0], at[:0]
	}
	for i, r := range runes {
		switch {
		case r >= '0' && r <= '9':
			ds, at = append(ds, r), append(at, i)
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '+' || r == '\u00a0':
		default:
			end()
		}
	}
	end()
	return out
}

// phonePrefix is where a phone number found at digit i of a run starts:
// with the trunk 0 and the country code 46 (and its +) written before it.
func phonePrefix(runes, ds []rune, at []int, i int) int {
	if i >= 1 && ds[i-1] == '0' {
		i--
	}
	if i >= 2 && ds[i-2] == '4' && ds[i-1] == '6' {
		i -= 2
	}
	start := at[i]
	if start > 0 && runes[start-1] == '+' {
		start--
	}
	return start
}

// emailSpans finds each address, in any case.
func (m Marks) emailSpans(runes []rune) []Span {
	lower := make([]rune, len(runes))
	for i, r := range runes {
		lower[i] = unicode.ToLower(r)
	}
	var out []Span
	for _, e := range m.emails {
		w := []rune(e)
		for i := 0; i+len(w) <= len(lower); i++ {
			if slices.Equal(lower[i:i+len(w)], w) {
				out = append(out, Span{Start: i, End: i + len(w), Mark: MarkEmail})
			}
		}
	}
	return out
}

// Redact replaces each span of text with words: "[raderad person]" where
// a name was, "[raderad uppgift]" where a number or an address was. Spans
// that overlap are replaced once; spans outside the text are ignored.
func Redact(text string, spans []Span) string {
	runes := []rune(text)
	spans = slices.Clone(spans)
	slices.SortStableFunc(spans, func(a, b Span) int { return a.Start - b.Start })
	var b strings.Builder
	pos := 0
	for _, s := range spans {
		if s.Start < pos || s.End > len(runes) || s.Start >= s.End {
			continue
		}
		b.WriteString(string(runes[pos:s.Start]))
		if s.Mark == MarkName {
			b.WriteString("[raderad person]")
		} else {
			b.WriteString("[raderad uppgift]")
		}
		pos = s.End
	}
	b.WriteString(string(runes[pos:]))
	return b.String()
}
