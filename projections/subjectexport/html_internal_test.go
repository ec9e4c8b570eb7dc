package subjectexport

import "testing"

func TestPeriodInSwedish(t *testing.T) {
	t.Parallel()
	for iso, want := range map[string]string{"P10Y": "10 år", "P1Y6M": "1 år 6 månader", "P1M": "1 månad", "P30D": "30 dagar", "P1D": "1 dag", "x": "x"} {
		if got := periodInSwedish(iso); got != want {
			t.Errorf("%s: %q, want %q", iso, got, want)
		}
	}
}
