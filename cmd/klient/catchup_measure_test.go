package main

import (
	"slices"
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

// feedWindow is how many opened events the shared feed holds
// (projections.Config.FeedWindow's default, which klient runs with): a
// projector that far ahead of the slowest one waits for it to free pages.
const feedWindow = 10000

// rateFalls reads the catch-up table (projector, at head after, events/s,
// then one rate per slice) and names each projector whose rate over a
// later slice is under half its best over an earlier one, unless over
// that slice it stood at the edge of the shared feed's window (a slice or
// less from it): there it moves at the pace of the read model behind it,
// in the feed's convoy, and its rate says nothing of its own tables. The
// slowest projector is never at the edge, so its own fall always counts.
func rateFalls(t *testing.T, table string) []string {
	t.Helper()
	slice, runs := catchUpRuns(t, table)
	var falls []string
	for name, rates := range runs {
		best := 0.0
		for i, rate := range rates {
			if i > 0 && rate < best/2 && !atWindowEdge(runs, name, i, slice) {
				falls = append(falls, name+" fell to "+strconv.FormatFloat(rate, 'f', 0, 64)+
					" events/s from "+strconv.FormatFloat(best, 'f', 0, 64))
			}
			best = max(best, rate)
		}
	}
	slices.Sort(falls)
	return falls
}

// catchUpRuns reads each projector's rate per slice, and the slice's
// size from the head ("0k–3k").
func catchUpRuns(t *testing.T, table string) (float64, map[string][]float64) {
	t.Helper()
	runs, slice := map[string][]float64{}, 0.0
	for _, line := range strings.Split(table, "\n") {
		f := strings.Fields(line)
		if len(f) < 6 || f[0] == "catch-up" || f[0] == "all" {
			continue
		}
		if f[0] == "projector" {
			_, end, _ := strings.Cut(strings.TrimSuffix(f[len(f)-1], "k"), "–")
			n, err := strconv.Atoi(end)
			if err != nil {
				t.Fatalf("unreadable slice %q in %q", f[len(f)-1], line)
			}
			slices := 0
			for _, cell := range f {
				if strings.Contains(cell, "–") {
					slices++
				}
			}
			slice = float64(n) * 1000 / float64(slices)
			continue
		}
		for _, cell := range f[3:] {
			rate, err := strconv.ParseFloat(cell, 64)
			if err != nil {
				t.Fatalf("unreadable rate %q in %q", cell, line)
			}
			runs[f[0]] = append(runs[f[0]], rate)
		}
	}
	if want := len(catalogue.Projectors()); len(runs) != want || slice == 0 {
		t.Fatalf("the table has %d projector rows with four slices, want all %d to reach the head:\n%s", len(runs), want, table)
	}
	return slice, runs
}

// atWindowEdge tells whether name stood, at some moment of its slice i, a
// feed window less a slice ahead of another projector: when each crossed
// each slice's end is the sum of its slices' times.
func atWindowEdge(runs map[string][]float64, name string, i int, slice float64) bool {
	from, to := crossedAt(runs[name], slice, i), crossedAt(runs[name], slice, i+1)
	for step := 0; step <= 100; step++ {
		at := from + (to-from)*float64(step)/100
		for other, rates := range runs {
			if other != name && positionAt(runs[name], slice, at)-positionAt(rates, slice, at) >= feedWindow-slice {
				return true
			}
		}
	}
	return false
}

// crossedAt is when a projector with these slice rates had applied k
// slices, in seconds from the start.
func crossedAt(rates []float64, slice float64, k int) float64 {
	at := 0.0
	for _, rate := range rates[:k] {
		at += slice / rate
	}
	return at
}

// positionAt is how many events a projector with these slice rates had
// applied at a moment, each slice at its own even pace.
func positionAt(rates []float64, slice float64, at float64) float64 {
	pos := 0.0
	for _, rate := range rates {
		if d := slice / rate; at < d {
			return pos + at*rate
		} else {
			at -= d
		}
		pos += slice
	}
	return pos
}

// The guard's reading of the table: make test's runs where eight read
// models waited together at the feed window's edge for the five behind
// them (the same in both runs), and the same table with one read model
// falling on its own, nobody a window behind it.
func TestRateFallsLeavesTheFeedsConvoyOut(t *testing.T) {
	const convoy = `catch-up of 13 projectors over 12002 events, all together
       projector  at head after  events/s  0k–3k  3k–6k  6k–9k  9k–12k
        contacts             3s      4038   1071  33232  82566   66797
           staff           2.9s      4150   4395  10543  18350    1704
            work           2.9s      4150   4799   8084  19210    1725
  communications           2.9s      4150   3374   7143   8009    2485
       documents           2.9s      4150   5530   7064  18350    1704
            gdpr           2.9s      4150   5530   7497  15959    1704
         matters           3.3s      3635   1098  12678  14278   24552
  conflict_index           2.9s      4083   1081  43098  51017   83368
     audit_trail           3.3s      3659   1131  11450  16803   15954
             dpo           2.7s      4379   6522   8495   9448    1865
          outbox           2.7s      4379   6805   8496   9221    1852
             cdd           2.7s      4379   6805   9204   8511    1852
    integrations           3.4s      3536   1132   8693  11568   21624
all at head after 3.4s`
	if falls := rateFalls(t, convoy); len(falls) != 0 {
		t.Errorf("falls at the window's edge counted: %v", falls)
	}
	var alone strings.Builder
	alone.WriteString("catch-up of 13 projectors over 12002 events, all together\n" +
		"projector  at head after  events/s  0k–3k  3k–6k  6k–9k  9k–12k\n")
	for _, p := range catalogue.Projectors() {
		last := "5000"
		if p.Name() == "integrations" {
			last = "2000" // on its own: everyone else is level with it or ahead
		}
		alone.WriteString(p.Name() + "  2.4s  5000  5000  5000  5000  " + last + "\n")
	}
	if falls := rateFalls(t, alone.String()); !slices.Equal(falls, []string{"integrations fell to 2000 events/s from 5000"}) {
		t.Errorf("falls = %v; want integrations' own", falls)
	}
}
