package domain_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/klient-crm/klient/domain"
)

func TestJoinProblemsIsOneFlatList(t *testing.T) {
	t.Parallel()
	a, b, c := domain.Invalid("a", "x"), domain.Invalid("b", "x"), domain.Invalid("c", "x")
	if err := domain.JoinProblems(nil, nil); err != nil {
		t.Errorf("no problems: %v", err)
	}
	if err := domain.JoinProblems(nil, a); err != a {
		t.Errorf("one problem: %v, want it as it is", err)
	}
	err := domain.JoinProblems(a, nil, errors.Join(b, c))
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok || !slices.Equal(joined.Unwrap(), []error{a, b, c}) {
		t.Fatalf("got %v, want a, b, c in one list", err)
	}
	var first *domain.Error
	if !errors.As(err, &first) || first != a {
		t.Errorf("errors.As finds %v, want the first", first)
	}
}

// The expectations below come from the rule as specified on domain.Text and
// from the Unicode Standard: the general categories Cc (control), Zl and Zp
// (line and paragraph separator), the White_Space property, and the explicit
// directional formatting characters of UAX #9 (Unicode Bidirectional
// Algorithm, section 2.1–2.4, Table 1), not from the implementation.

var codes = domain.TextCodes{EncodingCode: "t.encoding", ControlCode: "t.control", RequiredCode: "t.required", TooLongCode: "t.too_long"}

// line is a one-line field; block a free-text one that keeps line breaks
// and tabs.
var (
	line  = domain.Text{Max: 10, Required: true, Codes: codes}
	block = domain.Text{Max: 20, Admit: "\n\r\t", Codes: codes}
)

// explicitBidi are UAX #9's explicit directional embeddings, overrides and
// isolates and their terminators (Table 1), by name.
var explicitBidi = map[rune]string{
	0x202A: "LEFT-TO-RIGHT EMBEDDING",
	0x202B: "RIGHT-TO-LEFT EMBEDDING",
	0x202C: "POP DIRECTIONAL FORMATTING",
	0x202D: "LEFT-TO-RIGHT OVERRIDE",
	0x202E: "RIGHT-TO-LEFT OVERRIDE",
	0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE",
	0x2068: "FIRST STRONG ISOLATE",
	0x2069: "POP DIRECTIONAL ISOLATE",
}

// code returns the catalogue code of err, or "" for nil.
func code(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var de *domain.Error
	if !errors.As(err, &de) || de.Kind != domain.KindInvalid || de.Field != "f" {
		t.Fatalf("error %v is not an invalid-kind domain.Error on field f", err)
	}
	return de.Code
}

func TestTextRefusesHiddenCharacters(t *testing.T) {
	t.Parallel()
	refused := map[rune]string{
		0x0000: "NULL (Cc)",
		0x0007: "BELL (Cc)",
		0x0009: "CHARACTER TABULATION (Cc)",
		0x000A: "LINE FEED (Cc)",
		0x000D: "CARRIAGE RETURN (Cc)",
		0x001B: "ESCAPE (Cc)",
		0x007F: "DELETE (Cc)",
		0x0085: "NEXT LINE (Cc, C1)",
		0x009B: "CONTROL SEQUENCE INTRODUCER (Cc, C1)",
		0x2028: "LINE SEPARATOR (Zl)",
		0x2029: "PARAGRAPH SEPARATOR (Zp)",
	}
	for r, name := range explicitBidi {
		refused[r] = name + " (UAX #9 explicit formatting)"
	}
	for r, name := range refused {
		for _, s := range []string{string(r), "Anna" + string(r) + "Berg", string(r) + "Anna"} {
			if _, err := line.Clean("f", s); code(t, err) != "t.control" {
				t.Errorf("U+%04X %s in %q: got %v, want t.control", r, name, s, err)
			}
		}
	}
	accepted := map[rune]string{
		0x00A0: "NO-BREAK SPACE (Zs)",
		0x00AD: "SOFT HYPHEN (Cf)",
		0x061C: "ARABIC LETTER MARK (Cf, an implicit mark, not explicit formatting)",
		0x200B: "ZERO WIDTH SPACE (Cf, neither control nor bidirectional)",
		0x200C: "ZERO WIDTH NON-JOINER (Cf; Persian names)",
		0x200D: "ZERO WIDTH JOINER (Cf; emoji sequences)",
		0x200E: "LEFT-TO-RIGHT MARK (Cf, an implicit mark)",
		0x200F: "RIGHT-TO-LEFT MARK (Cf, an implicit mark)",
		0xFE0F: "VARIATION SELECTOR-16 (Mn)",
		0xFEFF: "ZERO WIDTH NO-BREAK SPACE (Cf)",
	}
	for r, name := range accepted {
		s := "a" + string(r) + "b"
		if got, err := line.Clean("f", s); err != nil || got != s {
			t.Errorf("U+%04X %s: got %q, %v; want it kept", r, name, got, err)
		}
	}
}

// Every code point is refused exactly when it is Cc, Zl, Zp or one of UAX
// #9's explicit formatting characters, by the Unicode tables.
func TestTextRefusesExactlyTheHiddenSet(t *testing.T) {
	t.Parallel()
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if 0xD800 <= r && r <= 0xDFFF {
			continue // surrogates are not characters; UTF-8 cannot hold them
		}
		_, isBidi := explicitBidi[r]
		want := unicode.In(r, unicode.Cc, unicode.Zl, unicode.Zp) || isBidi
		_, err := line.Clean("f", "a"+string(r))
		if got := err != nil; got != want {
			t.Fatalf("U+%04X: refused %v (%v), want refused %v", r, got, err, want)
		}
	}
	// The list above is the part of Unicode's Bidi_Control property that is
	// not an implicit mark (ALM, LRM, RLM).
	for r := range explicitBidi {
		if !unicode.Is(unicode.Bidi_Control, r) {
			t.Errorf("U+%04X is not Bidi_Control", r)
		}
	}
}

func TestTextAdmitsWhatTheFieldAllows(t *testing.T) {
	t.Parallel()
	cases := []struct {
		rule      domain.Text
		in, want  string
		wantCode  string
		rationale string
	}{
		{block, "rad 1\r\nrad 2\tx", "rad 1\r\nrad 2\tx", "", "free text keeps CR, LF and tab"},
		{block, "a\u0085b", "", "t.control", "NEL is not admitted by \\n\\r\\t"},
		{block, "a\u2028b", "", "t.control", "nor is LINE SEPARATOR"},
		{block, "a\u202eb", "", "t.control", "nor a bidi override"},
		{domain.Text{Max: 10, Admit: "\n\t", Codes: codes}, "a\rb", "", "t.control", "CR refused where only LF and tab are admitted"},
		{line, "a\tb", "", "t.control", "one line takes no tab"},
	}
	for _, c := range cases {
		got, err := c.rule.Clean("f", c.in)
		if got != c.want || code(t, err) != c.wantCode {
			t.Errorf("%s: Clean(%q) = %q, %v; want %q, %q", c.rationale, c.in, got, err, c.want, c.wantCode)
		}
	}
}

func TestTextRefusesWhatIsNotUTF8(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"\xff",             // never a UTF-8 byte
		"Anna \xc3",        // a sequence cut short
		"\xc0\xaf",         // an overlong '/'
		"\xed\xa0\x80",     // an encoded surrogate (RFC 3629 forbids it)
		"\xf4\x90\x80\x80", // beyond U+10FFFF
		"\x00\xff",         // encoding is checked before hidden characters
	} {
		if _, err := line.Clean("f", s); code(t, err) != "t.encoding" {
			t.Errorf("Clean(%q) = %v, want t.encoding", s, err)
		}
	}
	for _, s := range []string{"Åsa Öberg", "محمد", "Ξενοφών", "𝄞 👩‍⚖️"} {
		if got, err := (domain.Text{Max: 20, Codes: codes}).Clean("f", s); err != nil || got != s {
			t.Errorf("Clean(%q) = %q, %v; want it kept", s, got, err)
		}
	}
}

func TestTextTrimsThenChecksPresenceAndLength(t *testing.T) {
	t.Parallel()
	optional := domain.Text{Max: 3, Codes: codes}
	indented := domain.Text{Max: 20, Admit: "\n", KeepIndent: true, Codes: codes}
	cases := []struct {
		rule     domain.Text
		in, want string
		wantCode string
	}{
		{line, "  Anna  ", "Anna", ""},
		{line, "\u2003Anna\u00a0", "Anna", ""}, // EM SPACE and NO-BREAK SPACE are White_Space
		{line, "   ", "", "t.required"},
		{line, "", "", "t.required"},
		{optional, "", "", ""},
		{optional, "  ", "", ""},
		{line, "Anna\n", "", "t.control"}, // hidden characters count before trimming
		{optional, "åäö", "åäö", ""},      // characters, not bytes (six here)
		{optional, " åäö ", "åäö", ""},    // length after trimming
		{optional, "åäöx", "", "t.too_long"},
		{optional, "👩‍⚖️", "", "t.too_long"}, // four code points
		{indented, "  citat\nsvar\n\n", "  citat\nsvar", ""},
	}
	for _, c := range cases {
		got, err := c.rule.Clean("f", c.in)
		if got != c.want || code(t, err) != c.wantCode {
			t.Errorf("Clean(%q) = %q, %v; want %q, %q", c.in, got, err, c.want, c.wantCode)
		}
	}
	_, err := optional.Clean("f", "abcd")
	if err == nil || !strings.Contains(err.Error(), "longer than 3 characters") {
		t.Errorf("too long says %v; want the limit", err)
	}
	{ // twenty bytes, ten characters
		s := strings.Repeat("é", 10)
		if got, err := line.Clean("f", s); err != nil || got != s {
			t.Errorf("ten two-byte characters against Max 10: %q, %v", got, err)
		}
	}
}

func TestValidID(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"0190a000-0000-7000-8000-0000000000a1", // a UUID as the commands choose them
		"0190A000-0000-7000-8000-0000000000A1",
		"retention_daily", // a system job's name
		"x",
		strings.Repeat("a", 100),
	} {
		if !domain.ValidID(s) {
			t.Errorf("ValidID(%q) = false", s)
		}
	}
	for _, s := range []string{
		"", "-x", "_x", strings.Repeat("a", 101), "a b", "a|b", "a/b", "a.b", "å", "a\n", " a",
		fmt.Sprintf("%s\u202e", "abc"),
	} {
		if domain.ValidID(s) {
			t.Errorf("ValidID(%q) = true", s)
		}
	}
}
