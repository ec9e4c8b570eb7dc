package contact

import "time"

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
