package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klient-crm/klient/http/casework"
	"github.com/klient-crm/klient/internal/webapp"

	"github.com/google/uuid"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/conflicts"
)

// demoScale is what `demo-data --scale N` asks for: a law firm whose log
// holds about N events, written through the command layer like any other
// change, so that the read models can be measured at a firm's size.
type demoScale struct {
	asked   bool // --scale was given
	events  int
	writers int
	seed    uint64
}

func (s *demoScale) register(fs *flag.FlagSet) {
	fs.Func("scale", "instead of the small demo, write a firm of about N events (100 to 50,000,000) into an empty log",
		func(v string) error {
			n, err := strconv.Atoi(v)
			s.asked, s.events = true, n
			return err
		})
	fs.IntVar(&s.writers, "writers", 4, "with --scale: how many writers append at once (1 to 64)")
	fs.Uint64Var(&s.seed, "seed", 1, "with --scale: seed of the invented content (the same seed writes the same firm)")
}

// wanted reports whether any of the scale flags was given.
func (s demoScale) wanted() bool { return s.asked || s.writers != 4 || s.seed != 1 }

func (s demoScale) check() error {
	switch {
	case !s.asked:
		return errors.New("demo data: --writers and --seed go with --scale N")
	case s.events < 100 || s.events > 50_000_000:
		return fmt.Errorf("demo data: --scale %d: choose between 100 and 50,000,000 events", s.events)
	case s.writers < 1 || s.writers > 64:
		return fmt.Errorf("demo data: --writers %d: choose between 1 and 64", s.writers)
	}
	return nil
}

// runDemoScale writes the firm into an empty log: the demo accounts and
// their colleagues, the contacts, then each matter's intake, conflict
// check and opening followed by its communications, tasks and deadlines.
func runDemoScale(ctx context.Context, cfg Config, s demoScale, stdout io.Writer) error {
	if err := s.check(); err != nil {
		return err
	}
	if cfg.KeystoreURL == cfg.DatabaseURL {
		cfg.KeystoreURL = asyncCommit(cfg.KeystoreURL)
	}
	cfg.DatabaseURL = asyncCommit(cfg.DatabaseURL)
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if existing, err := a.store.ReadAll(ctx, eventstore.Start, 1); err != nil || len(existing) > 0 {
		if err == nil {
			err = errors.New("demo data: the log already has events; nothing added (--scale writes into an empty database)")
		}
		return err
	}
	plan := newDemoPlan(s, time.Now())
	start := time.Now()
	if err := a.withProjectors(ctx, func(ctx context.Context) error { return a.seedScaleStaff(ctx, plan) }); err != nil {
		return fmt.Errorf("demo accounts: %w", err)
	}
	run, err := a.newScaleRun(plan, stdout, start)
	if err != nil {
		return err
	}
	return run.write(ctx)
}

// asyncCommit has the generator's transactions commit without waiting for
// the disk (synchronous_commit=off, unless the URL sets it): a third more
// events/s on a small machine, and a crash loses only the last moments of
// a demo that is then written again from scratch. Commits stay atomic and
// in order, so a key in the same database is never lost while an event it
// seals survives; a key store elsewhere keeps committing durably.
func asyncCommit(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	if !q.Has("synchronous_commit") {
		q.Set("synchronous_commit", "off")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// scaleRun is one generation: the plan, the handlers the product's own
// edge uses, and the tally of what has been written.
type scaleRun struct {
	a        *app
	plan     *demoPlan
	out      io.Writer
	start    time.Time
	tally    demoTally
	person   *contactcmd.RegisterPersonHandler
	org      *contactcmd.RegisterOrganisationHandler
	matters  casework.MatterCommands
	comms    casework.CommunicationCommands
	work     casework.WorkCommands
	conflict *projections.Runtime // the conflict index alone, which the checks read
}

func (a *app) newScaleRun(plan *demoPlan, out io.Writer, start time.Time) (*scaleRun, error) {
	r := &scaleRun{a: a, plan: plan, out: out, start: start}
	var errs [4]error
	// Its own repository, without the numbers' uniqueness: invented numbers
	// repeat now and then at this scale (birthdays), and a claim stream per
	// number would add some 60 % more events to the log whose shape at a
	// firm's size this run is for measuring.
	invented, err := contactcmd.NewContacts(a.store, a.codec, now)
	if err != nil {
		return nil, err
	}
	r.person, errs[0] = contactcmd.NewRegisterPersonHandler(invented)
	r.org, errs[1] = contactcmd.NewRegisterOrganisationHandler(invented)
	edge, err := webapp.Casework(a.webConfig(), a.webParts())
	r.matters, r.comms, r.work, errs[2] = edge.Matters, edge.Communications, edge.Work, err
	r.conflict, errs[3] = projections.New(projections.Config{Pool: a.pool, Store: a.store, Codec: a.codec,
		Logger: a.log, Projectors: []projections.Projector{conflicts.NewProjector()}})
	r.tally.events.Add(int64(plan.staffEvents()))
	return r, errors.Join(errs[:]...)
}

// write runs the generation with the conflict index kept current beside
// it. The other read models are left to `serve` (or `projections rebuild`):
// running them here would halve the write rate on a small machine, and
// catching up over a long log is what the firm's size is for measuring.
func (r *scaleRun) write(ctx context.Context) error {
	indexCtx, stopIndex := context.WithCancel(ctx)
	indexed := make(chan struct{})
	go func() { _ = r.conflict.Run(indexCtx); close(indexed) }()
	defer func() { stopIndex(); <-indexed }()
	stopProgress := r.reportProgress(ctx)
	err := r.writeAll(ctx)
	stopProgress()
	if err != nil {
		return fmt.Errorf("demo data: stopped after %s of about %s events: %w",
			grouped(r.tally.events.Load()), grouped(int64(r.plan.events)), err)
	}
	_, err = fmt.Fprintln(r.out, r.summary())
	return err
}

func (r *scaleRun) writeAll(ctx context.Context) error {
	var last lastPosition
	err := inParallel(ctx, r.plan.writers, r.plan.contacts, func(ctx context.Context, i int) error {
		pos, err := r.registerContact(ctx, i)
		last.see(pos)
		return err
	})
	if err != nil {
		return err
	}
	// A conflict check refuses a party the index has not reached yet.
	if err := r.conflict.WaitFor(ctx, conflicts.Name, last.get()); err != nil {
		return err
	}
	return inParallel(ctx, r.plan.writers, r.plan.matters, r.writeMatter)
}

// registerContact registers contact i, a person or an organisation, under
// an ID chosen here so that the matters can name it as a party.
func (r *scaleRun) registerContact(ctx context.Context, i int) (eventstore.Position, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return eventstore.Position{}, err
	}
	var res contactcmd.Result
	person, org := r.plan.contact(i)
	if org != nil {
		res, err = r.org.Handle(ctx, contactcmd.RegisterOrganisation{Actor: demoActor, ContactID: id.String(), Details: *org})
	} else {
		res, err = r.person.Handle(ctx, contactcmd.RegisterPerson{Actor: demoActor, ContactID: id.String(), Details: *person})
	}
	if err != nil {
		return eventstore.Position{}, fmt.Errorf("contact %d: %w", i, err)
	}
	r.plan.contactIDs[i] = res.ContactID
	r.tally.wrote(&r.tally.contacts, 1)
	return res.Position, nil
}

// inParallel runs do for 0..n-1 on writers goroutines, each taking every
// writers-th item as its own share; the first error stops them all.
func inParallel(ctx context.Context, writers, n int, do func(context.Context, int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := w; i < n && ctx.Err() == nil; i += writers {
				if err := do(ctx, i); err != nil {
					cancel(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return context.Cause(ctx)
}

// lastPosition keeps the latest of the positions the writers report.
type lastPosition struct {
	mu  sync.Mutex
	pos eventstore.Position
}

func (l *lastPosition) see(p eventstore.Position) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pos.Less(p) {
		l.pos = p
	}
}

func (l *lastPosition) get() eventstore.Position {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.pos
}

// demoTally counts what the generation wrote: records of each kind, and
// the events they took.
type demoTally struct {
	events, contacts, matters, entries, followUps, corrections, tasks, completed, deadlines atomic.Int64
}

// wrote counts one more record of kind, written in events events.
func (t *demoTally) wrote(kind *atomic.Int64, events int) {
	kind.Add(1)
	t.events.Add(int64(events))
}

// reportProgress prints a line each time another tenth of the planned
// events is written, until stop is called.
func (r *scaleRun) reportProgress(ctx context.Context) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		tenths := int64(1)
		for {
			select {
			case <-quit:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			if n := r.tally.events.Load(); n*10 >= tenths*int64(r.plan.events) {
				fmt.Fprintf(r.out, "demo data: %d of %d events, %s events/s\n", n, r.plan.events, grouped(r.rate(n)))
				tenths = n*10/int64(r.plan.events) + 1
			}
		}
	}()
	return func() { close(quit); <-done }
}

func (r *scaleRun) rate(events int64) int64 {
	return int64(float64(events) / max(time.Since(r.start).Seconds(), 0.001))
}

func (r *scaleRun) summary() string {
	t := &r.tally
	n := t.events.Load()
	return fmt.Sprintf("demo data: wrote %s events in %v (%s events/s): %s contacts, %s matters opened after a conflict check, "+
		"%s communications (%s follow-ups, %s corrections), %s tasks (%s done), %s deadlines; "+
		"%d demo accounts (passwords in the README) and %d colleagues",
		grouped(n), time.Since(r.start).Round(time.Second), grouped(r.rate(n)), grouped(t.contacts.Load()),
		grouped(t.matters.Load()), grouped(t.entries.Load()), grouped(t.followUps.Load()), grouped(t.corrections.Load()),
		grouped(t.tasks.Load()), grouped(t.completed.Load()), grouped(t.deadlines.Load()),
		len(demoAccounts), r.plan.colleagues())
}

// grouped writes n with thousands separators: 1,024,288.
func grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
