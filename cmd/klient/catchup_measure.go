package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
)

// catchUpRun is one `klient projections catchup`: every read model emptied,
// then replayed from the start of the log by all projectors together, as a
// new server (or a new version of every read model) on an old log would.
// It samples the checkpoints and reports when each projector reached the
// head and its rate over each slice of the log, so a rate that falls as the
// tables grow shows (issue 19; docs/performance.md).
type catchUpRun struct {
	catchUpPlan
	total    uint64
	started  time.Time
	atHead   map[string]time.Duration
	crossed  map[string][]time.Duration // when applied events passed each slice boundary
	names    []string
	lastSeen map[string]uint64        // events applied at the last sample
	lastAt   map[string]time.Duration // when that was
}

// catchUpPlan is what `projections catchup` was asked for.
type catchUpPlan struct {
	slice          uint64        // events per reported slice
	timeout, every time.Duration // give up after; sample each
}

func (a *app) measureCatchUp(ctx context.Context, plan catchUpPlan, stdout io.Writer) error {
	counter, ok := a.store.(projections.LogCounter)
	if !ok {
		return errors.New("projections catchup: this event store cannot count its log")
	}
	statuses, err := a.runtime.Status(ctx)
	if err != nil {
		return err
	}
	for _, s := range statuses {
		if s.Running {
			return fmt.Errorf("projections catchup: %s runs on a server; stop every `klient serve` on this database first", s.Name)
		}
	}
	total, _, err := counter.CountAfter(ctx, eventstore.Start)
	if err != nil || total == 0 {
		return errors.Join(err, errors.New("projections catchup: the log is empty"))
	}
	if err := a.runtime.Rewind(ctx); err != nil {
		return err
	}
	run := &catchUpRun{catchUpPlan: plan, total: total, names: a.runtime.Projectors(), atHead: map[string]time.Duration{},
		crossed: map[string][]time.Duration{}, lastSeen: map[string]uint64{}, lastAt: map[string]time.Duration{}}
	fmt.Fprintf(stdout, "catch-up of %d projectors over %d events, all together\n", len(run.names), total)
	rctx, stop := context.WithTimeout(ctx, plan.timeout)
	defer stop()
	done := make(chan error, 1)
	run.started = time.Now()
	go func() { done <- a.runtime.Run(rctx) }()
	err = run.follow(rctx, a.runtime)
	stop()
	<-done
	run.report(stdout)
	return err
}

// follow samples the checkpoints every c.every until every projector has
// applied the whole log.
func (c *catchUpRun) follow(ctx context.Context, rt *projections.Runtime) error {
	for len(c.atHead) < len(c.names) {
		select {
		case <-ctx.Done():
			return fmt.Errorf("projections catchup: not every read model reached the head in time: %w", ctx.Err())
		case <-time.After(c.every):
		}
		progress, err := rt.Progress(ctx)
		if err != nil {
			continue // a sample lost to a busy database is not a failed run
		}
		c.sample(progress, time.Since(c.started))
	}
	return nil
}

// sample notes, for each slice boundary a projector passed since the last
// sample, when it passed it: interpolated between the two samples, since a
// projector that handles few event types passes thousands of events in one
// batch.
func (c *catchUpRun) sample(progress []projections.Progress, at time.Duration) {
	for _, p := range progress {
		if !p.Current {
			continue
		}
		before, since := c.lastSeen[p.Name], c.lastAt[p.Name]
		c.lastSeen[p.Name], c.lastAt[p.Name] = p.EventsApplied, at
		for uint64(len(c.crossed[p.Name])+1)*c.slice <= min(p.EventsApplied, c.total) {
			boundary := uint64(len(c.crossed[p.Name])+1) * c.slice
			share := float64(boundary-min(before, boundary)) / float64(max(p.EventsApplied-before, 1))
			c.crossed[p.Name] = append(c.crossed[p.Name], since+time.Duration(share*float64(at-since)))
		}
		if _, ok := c.atHead[p.Name]; !ok && p.EventsApplied >= c.total {
			c.atHead[p.Name] = at
		}
	}
}

// report prints when each projector reached the head and its events per
// second over each slice.
func (c *catchUpRun) report(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	head := []string{"projector", "at head after", "events/s"}
	for i := uint64(0); i*c.slice < c.total && (i+1)*c.slice <= c.total; i++ {
		head = append(head, fmt.Sprintf("%dk–%dk", i*c.slice/1000, (i+1)*c.slice/1000))
	}
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, name := range c.names {
		row := []string{name, "—", "—"}
		if d, ok := c.atHead[name]; ok {
			row[1], row[2] = d.Round(100*time.Millisecond).String(), fmt.Sprintf("%.0f", float64(c.total)/d.Seconds())
		} else {
			row[1] = fmt.Sprintf("%d of %d", c.lastSeen[name], c.total)
		}
		prev := time.Duration(0)
		for _, at := range c.crossed[name] {
			row = append(row, fmt.Sprintf("%.0f", float64(c.slice)/max(at-prev, time.Millisecond).Seconds()))
			prev = at
		}
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "all at head after %s\n", c.allDone())
}

func (c *catchUpRun) allDone() string {
	if len(c.atHead) < len(c.names) {
		return "— (not all reached it)"
	}
	var last time.Duration
	for _, d := range c.atHead {
		last = max(last, d)
	}
	return last.Round(100 * time.Millisecond).String()
}
