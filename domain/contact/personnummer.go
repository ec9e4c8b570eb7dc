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
