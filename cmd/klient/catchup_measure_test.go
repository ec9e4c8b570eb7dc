package main

import (
	"fmt"
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
// machine busy with other tests can dip any read model over any slice of
// one run, so a fall counts only where it shows in both of two runs: the
// same read model over the same slice, judged on the better of its two
// rates there.
func TestCatchUpKeepsItsRateAsTheLogGrows(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a firm of 12,000 events")
	}
	t.Parallel()
	in := newInstance(t)
	if out, errOut, code := in.run("demo-data", "--scale", "12000", "--writers", "4"); code != 0 {
		t.Fatalf("demo-data --scale 12000: exit %d\n%s%s", code, out, errOut)
	}
	var first []fall
	for run := range 2 {
		out, errOut, code := in.run("projections", "catchup", "--slice", "3000", "--every", "20ms", "--timeout", "5m")
		if code != 0 {
			t.Fatalf("projections catchup: exit %d\n%s%s", code, out, errOut)
		}
		falls := rateFalls(catchUpRuns(t, out))
		if run == 1 {
			falls = sameFalls(first, falls)
		}
		if len(falls) == 0 {
			return
		}
		if run == 1 {
			t.Errorf("catch-up slowed by more than half as the log grew, in both runs: %v\nthe second run:\n%s", falls, out)
		}
		first = falls
		t.Logf("rate fell in one run:\n%s", out)
	}
}

// fall is a read model's rate over a slice under half its best over an
// earlier one.
type fall struct {
	name       string
	slice      int
	rate, best float64
}

func (f fall) String() string {
	return f.name + " fell to " + strconv.FormatFloat(f.rate, 'f', 0, 64) + " events/s from " + strconv.FormatFloat(f.best, 'f', 0, 64)
}

// sameFalls is the falls of b that a shows too: the same read model over
// the same slice.
func sameFalls(a, b []fall) []fall {
	var both []fall
	for _, f := range b {
		if slices.ContainsFunc(a, func(g fall) bool { return g.name == f.name && g.slice == f.slice }) {
			both = append(both, f)
		}
	}
	return both
}

// feedWindow is how many opened events the shared feed holds
// (projections.Config.FeedWindow's default, which klient runs with): a
// projector that far ahead of the slowest one waits for it to free pages.
const feedWindow = 10000

// rateFalls names each projector whose rate over a
// later slice is under half its best over an earlier one, unless over
// that slice it stood at the edge of the shared feed's window (a slice or
// less from it): there it moves at the pace of the read model behind it,
// in the feed's convoy, and its rate says nothing of its own tables. The
// slowest projector is never at the edge, so its own fall always counts.
func rateFalls(slice float64, runs map[string][]float64) []fall {
	var falls []fall
	for name, rates := range runs {
		best := 0.0
		for i, rate := range rates {
			if i > 0 && rate < best/2 && !atWindowEdge(runs, name, i, slice) {
				falls = append(falls, fall{name, i, rate, best})
			}
			best = max(best, rate)
		}
	}
	slices.SortFunc(falls, func(a, b fall) int { return strings.Compare(a.String(), b.String()) })
	return falls
}

// catchUpRuns reads the catch-up table (projector, at head after,
// events/s, then one rate per slice): each projector's rate per slice,
// and the slice's size from the head ("0k–3k").
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
// falling on its own, nobody a window behind it. (Recorded with thirteen
// read models; the fourteenth, special_contacts, repeats dpo's row, as it
// runs beside it.)
func TestRateFallsLeavesTheFeedsConvoyOut(t *testing.T) {
	const convoy = `catch-up of 14 projectors over 12002 events, all together
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
special_contacts           2.7s      4379   6522   8495   9448    1865
          outbox           2.7s      4379   6805   8496   9221    1852
             cdd           2.7s      4379   6805   9204   8511    1852
    integrations           3.4s      3536   1132   8693  11568   21624
all at head after 3.4s`
	if falls := rateFalls(catchUpRuns(t, convoy)); len(falls) != 0 {
		t.Errorf("falls at the window's edge counted: %v", falls)
	}
	var alone strings.Builder
	alone.WriteString("catch-up of 14 projectors over 12002 events, all together\n" +
		"projector  at head after  events/s  0k–3k  3k–6k  6k–9k  9k–12k\n")
	for _, p := range catalogue.Projectors() {
		last := "5000"
		if p.Name() == "integrations" {
			last = "2000" // on its own: everyone else is level with it or ahead
		}
		alone.WriteString(p.Name() + "  2.4s  5000  5000  5000  5000  " + last + "\n")
	}
	if falls := fmt.Sprint(rateFalls(catchUpRuns(t, alone.String()))); falls != "[integrations fell to 2000 events/s from 5000]" {
		t.Errorf("falls = %v; want integrations' own", falls)
	}
}

// Two runs of make test where contacts dipped over the last slice of the
// first and five read models over the last slice of the second: no read
// model fell in both, so the guard passes them. (The log cut the second
// table after dpo; outbox and cdd repeat dpo's row, integrations
// communications'; special_contacts, which came later, repeats dpo's in
// both.)
func TestRateFallsCountsOnlyWhatBothRunsShow(t *testing.T) {
	const first = `catch-up of 14 projectors over 12002 events, all together
       projector  at head after  events/s  0k–3k  3k–6k  6k–9k  9k–12k
        contacts           2.8s      4333   1422   9252  33797   12182
           staff           2.8s      4333   1560   8296  15042   10514
            work           2.8s      4333   1601   7542  14185   10514
  communications           2.8s      4333   1588   6788  13537   13832
       documents           2.6s      4648   1722   6788  10709   25359
            gdpr           2.6s      4648   1964   5146   8849   22542
         matters           2.6s      4648   1964   5146   8849   22542
  conflict_index           2.6s      4648   1659   7542  11626   25359
     audit_trail           2.8s      4333   2184   4289   7453   10214
             dpo           2.6s      4648   2565   4168   6788   11950
special_contacts           2.6s      4648   2565   4168   6788   11950
          outbox           2.6s      4648   2565   4255   7542    9679
             cdd           2.6s      4648   2887   4270   6788    7532
    integrations           2.8s      4333   2565   3938   5335   10867
all at head after 2.8s`
	const second = `catch-up of 14 projectors over 12002 events, all together
       projector  at head after  events/s  0k–3k  3k–6k  6k–9k  9k–12k
        contacts           2.9s      4198   1109  60616  58127   55690
           staff           2.8s      4319   6381   7355  19189    1720
            work           2.8s      4319   5394   8698  11827    1847
  communications           2.8s      4319   2914  11297   5528    3188
       documents           2.8s      4319   6381   8155  15305    1720
            gdpr           2.8s      4319   6381  10222  11159    1718
         matters           3.4s      3516   1095  14247  10027   18271
  conflict_index           2.9s      4198   1110  46567  62861   68194
     audit_trail           3.3s      3641   1103  15150  14450   17595
             dpo           2.7s      4493   8009   7864  10977    1828
special_contacts           2.7s      4493   8009   7864  10977    1828
          outbox           2.7s      4493   8009   7864  10977    1828
             cdd           2.7s      4493   8009   7864  10977    1828
    integrations           2.8s      4319   2914  11297   5528    3188
all at head after 3.4s`
	a, b := rateFalls(catchUpRuns(t, first)), rateFalls(catchUpRuns(t, second))
	if both := sameFalls(a, b); len(both) != 0 {
		t.Errorf("falls counted that only one run showed: %v", both)
	}
	if got := fmt.Sprint(a); got != "[contacts fell to 12182 events/s from 33797]" {
		t.Errorf("falls of the first run alone = %s; want contacts'", got)
	}
	if both := sameFalls(b, b); len(both) == 0 {
		t.Error("the second run's own falls (five read models over its last slice) are not falls in both runs of it")
	}
}
