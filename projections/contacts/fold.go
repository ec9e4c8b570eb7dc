package contacts

import (
	"strings"
	"unicode"
)

// fold turns a name into the form the search compares: lower case, letters
// with diacritics written without them (å ä → a, ö ø → o, é → e, æ → ae),
// anything but letters and digits as single spaces. People type "Asa
// Ostlund" for Åsa Östlund, or cannot type å at all on a foreign keyboard;
// the same function folds the query, so both sides meet.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // no leading space
	for _, r := range strings.ToLower(s) {
		if f, ok := folds[r]; ok {
			b.WriteString(f)
			space = false
			continue
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// folds covers the Latin letters Swedish, Nordic and the usual European
// names bring into a Swedish firm's register.
var folds = map[rune]string{
	'å': "a", 'ä': "a", 'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ā': "a", 'ą': "a",
	'æ': "ae", 'ç': "c", 'č': "c", 'ć': "c", 'ď': "d", 'ð': "d",
	'é': "e", 'è': "e", 'ê': "e", 'ë': "e", 'ě': "e", 'ę': "e", 'ē': "e",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ł': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ö': "o", 'ø': "o", 'ó': "o", 'ò': "o", 'ô': "o", 'õ': "o", 'ő': "o", 'œ': "oe",
	'ř': "r", 'ß': "ss", 'š': "s", 'ś': "s", 'ş': "s", 'ť': "t", 'þ': "th",
	'ü': "u", 'ú': "u", 'ù': "u", 'û': "u", 'ů': "u", 'ű': "u", 'ý': "y", 'ÿ': "y",
	'ž': "z", 'ź': "z", 'ż': "z",
}

// sortKey is a name in a form whose byte order is Swedish alphabetical
// order: lower case, å ä ö as the three letters after z (æ with ä, ø with
// ö, ü with y, as Swedish sorts them), other diacritics folded away. The
// search ranks thousands of prefix matches by it, and comparing bytes is
// what keeps that cheap: the same sort under the ICU collation took most
// of a search's time (issue 19).
func sortKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'å':
			b.WriteByte('z' + 1)
		case 'ä', 'æ':
			b.WriteByte('z' + 2)
		case 'ö', 'ø':
			b.WriteByte('z' + 3)
		case 'ü':
			b.WriteByte('y')
		default:
			if f, ok := folds[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}
