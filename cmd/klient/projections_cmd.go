package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"
)

// runProjections: `klient projections status` and `klient projections rebuild [NAME]`.
func runProjections(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "status" && args[0] != "rebuild" && args[0] != "catchup") {
		return errors.New("usage: klient projections status | rebuild [NAME] | catchup [--slice N] [--timeout D]")
	}
	var slice uint64
	var timeout, every time.Duration
	cfg, fs, err := parseConfig("projections "+args[0], args[1:], stdout, func(fs *flag.FlagSet) {
		if args[0] == "catchup" {
			fs.Uint64Var(&slice, "slice", 100000, "report the rate per slice of this many events")
			fs.DurationVar(&timeout, "timeout", 30*time.Minute, "give up after this long")
			fs.DurationVar(&every, "every", 500*time.Millisecond, "how often to read the checkpoints (10ms to 10s)")
		}
	})
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	switch {
	case args[0] == "status":
		return a.printStatus(ctx, stdout)
	case args[0] == "catchup" && (slice < 1000 || timeout <= 0 || every < 10*time.Millisecond || every > 10*time.Second):
		return errors.New("projections catchup: want --slice of at least 1000 events, a positive --timeout and --every from 10ms to 10s")
	case args[0] == "catchup":
		return a.measureCatchUp(ctx, catchUpPlan{slice: slice, timeout: timeout, every: every}, stdout)
	}
	return a.rebuild(ctx, fs.Args(), stdout)
}

func (a *app) printStatus(ctx context.Context, stdout io.Writer) error {
	statuses, err := a.runtime.Status(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROJECTOR\tVERSION\tSTATUS\tPOSITION\tAPPLIED\tLAG\tRUNNING\tUPDATED\tLAST ERROR")
	for _, s := range statuses {
		fmt.Fprintf(tw, "%s\tv%d\t%s\t%s\t%d\t%d\t%t\t%s\t%s\n", s.Name, s.Version, s.Status, s.Position,
			s.EventsApplied, s.Lag, s.Running, s.UpdatedAt.In(stockholm()).Format("2006-01-02 15:04:05"), s.LastError)
	}
	return tw.Flush()
}

func (a *app) rebuild(ctx context.Context, names []string, stdout io.Writer) error {
	all := a.runtime.Projectors()
	if len(names) == 0 {
		names = all
	}
	for _, n := range names {
		if !slices.Contains(all, n) {
			return fmt.Errorf("no projector named %q; there are: %v", n, all)
		}
	}
	for _, n := range names {
		bar := newProgressBar(stdout, "rebuild "+n)
		began := time.Now()
		if err := a.runtime.Rebuild(ctx, n, bar.Update); err != nil {
			return fmt.Errorf("rebuild %s: %w", n, err)
		}
		fmt.Fprintf(stdout, "rebuild %s: done in %s\n", n, time.Since(began).Round(100*time.Millisecond))
	}
	return nil
}

func stockholm() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		return time.UTC
	}
	return loc
}
