package contact

import (
	"testing"
	"time"
)

// now is the fixed "today" of the personnummer tests.
var now = time.Date(2026, time.March, 15, 10, 0, 0, 0, time.UTC)

func TestParsePersonnummerAcceptsAndNormalises(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want     string
		coordination bool
	}{
		{"19121212-1212", "19121212-1212", false},
		{"191212121212", "19121212-1212", false},
		{"121212-1212", "20121212-1212", false},   // younger than 100: this century
		{"121212+1212", "19121212-1212", false},   // '+': 100 or older
		{"19121212+1212", "19121212-1212", false}, // '+' agrees with the stated century
		{"811218-9876", "19811218-9876", false},
		{"8112189876", "19811218-9876", false},
		{" 19811218-9876 ", "19811218-9876", false},
		{"640823-3234", "19640823-3234", false}, // Skatteverket's worked example (SKV 704)
		{"701063-2391", "19701063-2391", true},  // Skatteverket's samordningsnummer example
		{"000229-1235", "20000229-1235", false}, // 2000 was a leap year
		{"260315-1230", "20260315-1230", false}, // born today
		{"260316-1239", "19260316-1239", false}, // tomorrow a century ago, not tomorrow
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			p, err := ParsePersonnummer(tt.in, now)
			if err != nil {
				t.Fatalf("ParsePersonnummer(%q) = %v", tt.in, err)
			}
			if p.String() != tt.want || p.IsSamordningsnummer() != tt.coordination {
				t.Fatalf("got %s (samordningsnummer %v), want %s (%v)", p, p.IsSamordningsnummer(), tt.want, tt.coordination)
			}
		})
	}
}

func TestParsePersonnummerRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, code string }{
		{"", "contact.personnummer.format"},
		{"abcdef-ghij", "contact.personnummer.format"},
		{"81121-89876", "contact.personnummer.format"},
		{"811218_9876", "contact.personnummer.format"},
		{"811218--9876", "contact.personnummer.format"},
		{"81121898761", "contact.personnummer.format"},
		{"1981121898761", "contact.personnummer.format"},
		{"811218-9877", "contact.personnummer.checksum"},
		{"19121212-1213", "contact.personnummer.checksum"},
		{"811318-9875", "contact.personnummer.date"},   // month 13
		{"810230-9872", "contact.personnummer.date"},   // 30 February
		{"19000229-9873", "contact.personnummer.date"}, // 1900 was no leap year
		{"010229-1234", "contact.personnummer.date"},   // nor was 2001
		{"701092-2396", "contact.personnummer.date"},   // samordningsnummer for the 32nd
		{"20300101-1232", "contact.personnummer.future"},
		{"19811218+9876", "contact.personnummer.separator"}, // born 1981: not 100 yet
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			_, err := ParsePersonnummer(tt.in, now)
			assertInvalid(t, err, "personnummer", tt.code)
		})
	}
}

func TestPersonnummerBirthDate(t *testing.T) {
	t.Parallel()
	p, err := ParsePersonnummer("701063-2391", now)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(1970, time.October, 3, 0, 0, 0, 0, time.UTC); !p.BirthDate().Equal(want) {
		t.Fatalf("birth date %v, want %v", p.BirthDate(), want)
	}
}
