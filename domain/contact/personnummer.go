package contact

import (
	"fmt"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
)

// Personnummer is a validated Swedish personal identity number (or
// samordningsnummer), always in the twelve-digit form YYYYMMDD-NNNN.
type Personnummer struct {
	number       string
	birthDate    time.Time
	coordination bool
}

// String returns the normalised form YYYYMMDD-NNNN (a samordningsnummer
// keeps its day + 60: that is the number).
func (p Personnummer) String() string { return p.number }

// BirthDate is the date of birth at midnight UTC.
func (p Personnummer) BirthDate() time.Time { return p.birthDate }

// IsSamordningsnummer reports a coordination number: Skatteverket gives them
// to people who are not (or not yet) registered in Sweden, with day + 60.
func (p Personnummer) IsSamordningsnummer() bool { return p.coordination }

// ParsePersonnummer accepts YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN and the same
// with a four-digit year. A ten-digit number does not say its century: it is
// the one that makes the person younger than 100 on now's date, or 100 or
// older when written with '+' (now's calendar date in its own location).
func ParsePersonnummer(s string, now time.Time) (Personnummer, error) {
	f, err := splitPersonnummer(strings.TrimSpace(s))
	if err != nil {
		return Personnummer{}, err
	}
	if !luhnValid(f.digits[len(f.digits)-10:]) {
		return Personnummer{}, personnummerError("checksum", "the personnummer's check digit is wrong")
	}
	b, err := f.birth(now)
	if err != nil {
		return Personnummer{}, err
	}
	return Personnummer{
		number:       fmt.Sprintf("%04d%s-%s", b.year, f.digits[len(f.digits)-8:len(f.digits)-4], f.digits[len(f.digits)-4:]),
		birthDate:    b.date(),
		coordination: b.coordination,
	}, nil
}

// writtenPersonnummer is the input cut into its digits and its separator.
type writtenPersonnummer struct {
	digits string // 10 or 12 digits
	plus   bool
}

func splitPersonnummer(s string) (writtenPersonnummer, error) {
	var f writtenPersonnummer
	f.digits = s
	if n := len(s); n == 11 || n == 13 {
		switch s[n-5] {
		case '+':
			f.plus = true
			fallthrough
		case '-':
			f.digits = s[:n-5] + s[n-4:]
		}
	}
	if !allDigits(f.digits) || (len(f.digits) != 10 && len(f.digits) != 12) {
		return f, personnummerError("format", "a personnummer is written YYYYMMDD-NNNN or YYMMDD-NNNN")
	}
	return f, nil
}

func personnummerError(what, message string) *domain.Error {
	return domain.Invalid("personnummer", "%s", message).WithCode("contact.personnummer." + what)
}

// birth is the date a personnummer encodes, before it is known to be real.
type birth struct {
	year, month, day int
	coordination     bool // the day was written + 60 (samordningsnummer)
}

// birth resolves the century (when the number has none) and checks that the
// date exists and is not after now.
func (f writtenPersonnummer) birth(now time.Time) (birth, error) {
	d := f.digits[len(f.digits)-10:]
	b := birth{year: atoi(d[0:2]), month: atoi(d[2:4]), day: atoi(d[4:6])}
	if b.day > 60 {
		b.day -= 60
		b.coordination = true
	}
	if len(f.digits) == 12 {
		b.year = atoi(f.digits[0:4])
	} else {
		b.year = resolveCentury(b, f.plus, now)
	}
	return b, b.check(f, now)
}

// resolveCentury picks the latest year ending in b.year whose date is not
// after now, then steps back a century for '+' (100 years or older).
func resolveCentury(b birth, plus bool, now time.Time) int {
	y := now.Year() - ((now.Year()-b.year)%100+100)%100
	if y == now.Year() && b.month*100+b.day > int(now.Month())*100+now.Day() {
		y -= 100
	}
	if plus {
		y -= 100
	}
	return y
}

func (b birth) check(f writtenPersonnummer, now time.Time) error {
	if b.month < 1 || b.month > 12 || b.day < 1 || b.date().Day() != b.day {
		return personnummerError("date", "the personnummer's birth date does not exist")
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if b.date().After(today) {
		return personnummerError("future", "the personnummer's birth date lies in the future")
	}
	// A twelve-digit number states its century; a '+' in it must then agree.
	if len(f.digits) == 12 && f.plus && b.date().AddDate(100, 0, 0).After(today) {
		return personnummerError("separator", "'+' is only written for people aged 100 or more")
	}
	return nil
}

// date is the birth date at midnight UTC; an impossible date normalises
// (31 April → 1 May), which check uses to detect it.
func (b birth) date() time.Time {
	return time.Date(b.year, time.Month(b.month), b.day, 0, 0, 0, 0, time.UTC)
}

// luhnValid reports whether digits (ASCII '0'–'9' only) end in a correct
// Luhn check digit. Personnummer and organisationsnummer both use it over
// their ten-digit form, with weights 2 and 1 from the left.
func luhnValid(digits string) bool {
	sum := 0
	for i := 0; i < len(digits); i++ {
		d := int(digits[i] - '0')
		if (len(digits)-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// allDigits reports whether s is non-empty and holds only ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi reads a short run of ASCII digits already checked by allDigits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
