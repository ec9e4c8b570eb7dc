package i18n

import (
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the zone database, so Europe/Stockholm exists on any machine
)

// Stockholm is the zone every date and time is shown in: the firms are in
// Sweden, whatever zone the server runs in.
var Stockholm = mustZone("Europe/Stockholm")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("i18n: " + err.Error())
	}
	return loc
}

// DateTime formats t as Swedes write it: 2026-11-23 14:05.
func DateTime(t time.Time) string { return t.In(Stockholm).Format("2006-01-02 15:04") }

// Date formats t's calendar day in Stockholm: 2026-11-23.
func Date(t time.Time) string { return t.In(Stockholm).Format("2006-01-02") }

// LongDate spells the day out: "måndag 23 november 2026" in Swedish (lower
// case, as Swedish writes weekdays and months), "Monday 23 November 2026" in
// English.
func LongDate(lang Lang, t time.Time) string {
	t = t.In(Stockholm)
	wd, mo := t.Weekday().String(), t.Month().String()
	if lang != English {
		wd, mo = svWeekdays[t.Weekday()], svMonths[t.Month()-1]
	}
	return wd + " " + t.Format("2") + " " + mo + " " + t.Format("2006")
}

var svWeekdays = [...]string{"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"}

var svMonths = [...]string{
	"januari", "februari", "mars", "april", "maj", "juni",
	"juli", "augusti", "september", "oktober", "november", "december",
}

// Bytes writes a file size as people read it: 1,2 MB in Swedish, 1.2 MB in
// English.
func Bytes(lang Lang, n int64) string {
	units := []string{"B", "kB", "MB", "GB"}
	v, i := float64(n), 0
	for v >= 1000 && i < len(units)-1 {
		v, i = v/1000, i+1
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if i == 0 {
		s = strconv.FormatInt(n, 10)
	}
	if lang != English {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " " + units[i]
}
