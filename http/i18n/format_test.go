package i18n

import (
	"testing"
	"time"
)

func TestDatesAreSwedishInStockholm(t *testing.T) {
	t.Parallel()
	winter := time.Date(2026, 11, 23, 13, 5, 0, 0, time.UTC) // CET, UTC+1
	summer := time.Date(2026, 7, 1, 22, 30, 0, 0, time.UTC)  // CEST, UTC+2: next day
	cases := []struct{ got, want string }{
		{DateTime(winter), "2026-11-23 14:05"},
		{DateTime(summer), "2026-07-02 00:30"},
		{Date(summer), "2026-07-02"},
		{LongDate(Swedish, winter), "måndag 23 november 2026"},
		{LongDate(English, winter), "Monday 23 November 2026"},
		{LongDate(Swedish, summer), "torsdag 2 juli 2026"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
