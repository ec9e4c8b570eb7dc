package contacts

import (
	"strings"
)

// lookup is what a search box entry asks for.
type lookup struct {
	name   string   // folded name words, for trigram matching
	email  string   // a lower-case address
	number []string // digit strings: identity numbers and phone numbers
}

// minNumberDigits keeps short numbers ("3", "112") on the name path.
const minNumberDigits = 6

// classify reads a search entry as an e-mail address, a number
// (personnummer, organisationsnummer, phone; any common punctuation), or
// else a name.
func classify(q string) lookup {
	q = strings.TrimSpace(q)
	if strings.Contains(q, "@") {
		return lookup{email: strings.ToLower(q)}
	}
	if d, ok := numberEntry(q); ok {
		return lookup{number: numberCandidates(d)}
	}
	return lookup{name: fold(q)}
}

// numberEntry accepts digits separated by spaces, dashes, dots, slashes,
// brackets and '+' (YYMMDD+NNNN, +46 70 …) and returns the digits.
func numberEntry(q string) (string, bool) {
	var b strings.Builder
	for _, r := range q {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case strings.ContainsRune(" -+()./", r):
		default:
			return "", false
		}
	}
	return b.String(), b.Len() >= minNumberDigits
}

// numberCandidates adds the forms a typed phone number may mean: 0046… is
// +46…, and "+46 (0)70…" typed without brackets keeps a 0 that is not dialled.
func numberCandidates(d string) []string {
	out := []string{d}
	if rest, ok := strings.CutPrefix(d, "00"); ok && len(rest) >= minNumberDigits {
		d = rest
		out = append(out, d)
	}
	if rest, ok := strings.CutPrefix(d, "460"); ok {
		out = append(out, "46"+rest)
	}
	return out
}
