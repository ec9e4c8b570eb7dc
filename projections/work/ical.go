package work

import (
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// icalWriter writes RFC 5545 content lines: CRLF endings, folded at 75
// octets without splitting a UTF-8 sequence, TEXT values escaped. The
// first write error sticks and ends the output.
type icalWriter struct {
	w   io.Writer
	err error
}

// maxLine is the longest a content line may be, in octets, before CRLF.
const maxLine = 75

// line writes "name:value" as is; name may carry parameters
// ("DTSTART;VALUE=DATE").
func (iw *icalWriter) line(name, value string) {
	if iw.err != nil {
		return
	}
	_, iw.err = io.WriteString(iw.w, fold(name+":"+value))
}

// text writes a TEXT property, escaped.
func (iw *icalWriter) text(name, value string) { iw.line(name, escapeText(value)) }

// list writes a property whose value is a list of TEXT values (CATEGORIES),
// each escaped, the empty ones left out; nothing when none is left.
func (iw *icalWriter) list(name string, values ...string) {
	var kept []string
	for _, v := range values {
		if v != "" {
			kept = append(kept, escapeText(v))
		}
	}
	if len(kept) > 0 {
		iw.line(name, strings.Join(kept, ","))
	}
}

// utc writes a DATE-TIME property in UTC ("20260413T060000Z").
func (iw *icalWriter) utc(name string, t time.Time) {
	iw.line(name, t.UTC().Format("20060102T150405Z"))
}

// fold breaks s into lines of at most maxLine octets; every line after the
// first starts with the one space that unfolding removes.
func fold(s string) string {
	var b strings.Builder
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}

// textEscaper escapes what RFC 5545 §3.3.11 reserves in TEXT values; a
// carriage return is dropped, since a newline is written as \n.
var textEscaper = strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\r\n", `\n`, "\n", `\n`, "\r", "")

func escapeText(s string) string { return textEscaper.Replace(s) }

// stockholmZone is the VTIMEZONE of Europe/Stockholm (CET/CEST, the EU
// rules since 1996), so that timed deadlines read right in any client.
var stockholmZone = []string{
	"BEGIN:VTIMEZONE",
	"TZID:Europe/Stockholm",
	"X-LIC-LOCATION:Europe/Stockholm",
	"BEGIN:DAYLIGHT",
	"TZOFFSETFROM:+0100",
	"TZOFFSETTO:+0200",
	"TZNAME:CEST",
	"DTSTART:19700329T020000",
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
	"END:DAYLIGHT",
	"BEGIN:STANDARD",
	"TZOFFSETFROM:+0200",
	"TZOFFSETTO:+0100",
	"TZNAME:CET",
	"DTSTART:19701025T030000",
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
	"END:STANDARD",
	"END:VTIMEZONE",
}

// raw writes whole lines that need neither folding nor escaping.
func (iw *icalWriter) raw(lines []string) {
	for _, l := range lines {
		if name, value, ok := strings.Cut(l, ":"); ok {
			iw.line(name, value)
		}
	}
}
