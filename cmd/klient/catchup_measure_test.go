package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/klient-crm/klient/internal/catalogue"
)

// The small-scale guard of issue 19: every read model, replayed all
// together over a growing log written through the command layer, must
// not slow down by more than half as its tables grow (communications and
// the audit trail once did, until they stopped at a million events). A
// machine busy with other tests can dip one run, so a fall must show in
// two runs to fail.
func TestCatchUpKeepsItsRateAsTheLogGrows(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a firm of 12,000 events")
	}
	t.Parallel()
	in := newInstance(t)
	if out, errOut, code := in.run("demo-data", "--scale", "12000", "--writers", "4"); code != 0 {
		t.Fatalf("demo-data --scale 12000: exit %d\n%s%s", code, out, errOut)
	}
	var falls []string
	for range 2 {
		out, errOut, code := in.run("projections", "catchup", "--slice", "3000", "--every", "20ms", "--timeout", "5m")
		if code != 0 {
			t.Fatalf("projections catchup: exit %d\n%s%s", code, out, errOut)
		}
		if falls = rateFalls(t, out); len(falls) == 0 {
			return
		}
		t.Logf("rate fell in one run:\n%s", out)
	}
	t.Errorf("catch-up slowed by more than half as the log grew, in two runs: %s", strings.Join(falls, "; "))
}

// rateFalls reads the catch-up table (projector, at head after, events/s,
// then one rate per slice) and names each projector whose rate over a
// later slice is under half its best over an earlier one.
func rateFalls(t *testing.T, table string) []string {
	t.Helper()
	var falls []string
	rows := 0
	for _, line := range strings.Split(table, "\n") {
		f := strings.Fields(line)
		if len(f) < 6 || f[0] == "projector" || f[0] == "catch-up" || f[0] == "all" {
			continue
		}
		rows++
		best := 0.0
		for i, cell := range f[3:] {
			rate, err := strconv.ParseFloat(cell, 64)
			if err != nil {
				t.Fatalf("unreadable rate %q in %q", cell, line)
			}
			if i > 0 && rate < best/2 {
				falls = append(falls, f[0]+" fell to "+cell+" events/s from "+strconv.FormatFloat(best, 'f', 0, 64))
			}
			best = max(best, rate)
		}
	}
	if want := len(catalogue.Projectors()); rows != want {
		t.Fatalf("the table has %d projector rows with four slices, want all %d to reach the head:\n%s", rows, want, table)
	}
	return falls
}
