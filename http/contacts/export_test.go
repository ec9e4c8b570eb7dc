package contacts

import "testing"

// A cell a spreadsheet would run as a formula (OWASP's CSV injection:
// = + - @, tab, carriage return first) begins with an apostrophe; phone
// numbers and negative numbers stay numbers.
func TestDefuseKeepsNumbersAndStopsFormulas(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+cmd|' /C calc'!A0": "'+cmd|' /C calc'!A0", "-2+3": "'-2+3", "@SUM(A1)": "'@SUM(A1)",
		"\t=1": "'\t=1", "\r=1": "'\r=1", "+46701234567": "+46701234567", "-5": "-5", "Anna": "Anna", "": "",
	} {
		if got := defuse(in); got != want {
			t.Errorf("defuse(%q) = %q, want %q", in, got, want)
		}
	}
}
