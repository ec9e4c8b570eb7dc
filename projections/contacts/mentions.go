package contacts

import (
	"strings"
)

// Marks are what names a contact in free text others wrote: the folded
// name (fold, as the search folds it: "Asa Oberg" is Åsa Öberg), the
// family name alone, the identity number's digits, e-mail addresses and
// phone numbers. An erasure looks for them in the firm's other records
// (docs/gdpr.md, "Mentions in other matters"), while the contact's details
// can still be opened.
type Marks struct {
	names   []string // folded, each matched as whole words
	numbers []string // digit strings: identity numbers (ten digits), phones (national, no trunk 0)
	emails  []string // lower case
}

// The kinds of mark a mention names: what was found, never the text.
const (
	MarkName   = "name"
	MarkNumber = "number"
	MarkEmail  = "email"
	MarkPhone  = "phone"
)

// MarksOf are c's marks. A family name of fewer than three letters is left
// out alone (it would be found in too many words); the whole name is not.
func MarksOf(c Contact) Marks {
	var m Marks
	addName := func(s string) {
		if f := fold(s); f != "" {
			m.names = append(m.names, f)
		}
	}
	switch c.Kind {
	case KindOrganisation:
		addName(c.OrganisationName)
	default:
		addName(c.GivenName + " " + c.FamilyName)
		if f := fold(c.FamilyName); len([]rune(f)) >= 3 && f != fold(c.GivenName+" "+c.FamilyName) {
			m.names = append(m.names, f)
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
		d := digits(p.Number)
		d = strings.TrimPrefix(d, "46")
		d = strings.TrimPrefix(d, "0")
		if len(d) >= 7 {
			m.numbers = append(m.numbers, "p"+d)
		}
	}
	return m
}

// Empty reports marks that can find nothing (an erased contact's).
func (m Marks) Empty() bool { return len(m.names)+len(m.numbers)+len(m.emails) == 0 }

// In lists the kinds of mark found in text (MarkName, …), each once, in
// that order; none when the text does not name the contact.
func (m Marks) In(text string) []string {
	var found []string
	folded := " " + fold(text) + " "
	for _, n := range m.names {
		if strings.Contains(folded, " "+n+" ") {
			found = append(found, MarkName)
			break
		}
	}
	runs := numberRuns(text)
	for _, kind := range []string{MarkNumber, MarkPhone} {
		if m.numberIn(runs, kind == MarkPhone) {
			found = append(found, kind)
		}
	}
	lower := strings.ToLower(text)
	for _, e := range m.emails {
		if strings.Contains(lower, e) {
			found = append(found, MarkEmail)
			break
		}
	}
	return found
}

func (m Marks) numberIn(runs []string, phone bool) bool {
	for _, n := range m.numbers {
		want, isPhone := strings.CutPrefix(n, "p")
		if isPhone != phone {
			continue
		}
		for _, run := range runs {
			if strings.Contains(run, want) {
				return true
			}
		}
	}
	return false
}

// numberRuns are the digits of each number written in text: digits with
// the spaces, hyphens, brackets and plus signs people write numbers with
// ("070-123 45 67", "+46 (0)70 123 45 67", "800101-1234"), ended by
// anything else.
func numberRuns(text string) []string {
	var runs []string
	var b strings.Builder
	end := func() {
		if b.Len() > 0 {
			runs = append(runs, b.String())
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '+' || r == '\u00a0':
		default:
			end()
		}
	}
	end()
	return runs
}
