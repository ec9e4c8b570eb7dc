package storetest

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"
	"github.com/google/uuid"
	"pgregory.net/rapid"

	"github.com/klient-crm/klient/eventstore"
)

// ModelTarget is a store under the model test and the fault it can be
// made to suffer.
type ModelTarget struct {
	Store eventstore.Store
	// FailOver loses the leader under the store and brings the lost node
	// back as a follower; nil when there is no leader to lose.
	FailOver func()
}

// modelChecks is how many random histories Model checks unless
// -rapid.checks says otherwise (a fifth of it with -short): each runs
// concurrent clients against a shared store, which is slow next to the
// property tests rapid's default of 100 is made for.
const modelChecks = 20

// Model runs random histories against target — concurrent clients that
// append with every kind of expected version, resend an append with its
// event IDs after whatever answer it got, and read streams, while a
// subscription follows the log and, when target can, the leader is lost
// and found again — and checks each: the appends and reads must be
// linearizable against the port's rules (porcupine, with an append whose
// outcome is unknown taking effect or not), and the whole log and the
// subscription must hold every event once, in each stream's order.
func Model(t *testing.T, target ModelTarget) {
	fewerChecks(modelChecks)
	var run atomic.Int64
	rapid.Check(t, func(rt *rapid.T) {
		h := drawHistory(rt, target.FailOver != nil)
		prefix := fmt.Sprintf("model%d-%s", run.Add(1), uuid.NewString()[:8])
		m := newModelRun(target, prefix, h.streams)
		follow := m.follow()
		ops, unexpected := m.run(h)
		if target.FailOver == nil && len(unexpected) > 0 {
			rt.Fatalf("errors without any fault: %v", unexpected)
		}
		if res, info := porcupine.CheckOperationsVerbose(streamModel, ops, 10*time.Second); res != porcupine.Ok {
			rt.Fatalf("history is not linearizable (%s): %d operations\n%s", res, len(ops), describeHistory(ops, info))
		}
		m.checkLog(rt, follow)
	})
}

// fewerChecks lowers rapid's number of checks to n unless -rapid.checks
// was given.
func fewerChecks(n int) {
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "rapid.checks" })
	if !given {
		_ = flag.Set("rapid.checks", fmt.Sprint(n))
	}
}

// A history is each client's plan and, with faults, after which of the
// first client's operations the leader is lost (-1: never).
type history struct {
	streams  int
	plans    [][]planned
	failOver int
}

type opKind int

const (
	opAppend opKind = iota
	opResend        // the client's last append again, the same events and expectation
	opRead
)

type planned struct {
	kind    opKind
	stream  int
	expect  int // 0 Any, 1 NoStream, 2 Exact
	version uint64
	events  int
}

func drawHistory(rt *rapid.T, faults bool) history {
	h := history{streams: rapid.IntRange(1, 3).Draw(rt, "streams"), failOver: -1}
	clients := rapid.IntRange(1, 3).Draw(rt, "clients")
	for c := range clients {
		n := rapid.IntRange(1, 8).Draw(rt, fmt.Sprintf("client %d operations", c))
		plan := make([]planned, n)
		for i := range plan {
			plan[i] = planned{
				kind:    rapid.SampledFrom([]opKind{opAppend, opAppend, opResend, opRead}).Draw(rt, "kind"),
				stream:  rapid.IntRange(0, h.streams-1).Draw(rt, "stream"),
				expect:  rapid.IntRange(0, 2).Draw(rt, "expected"),
				version: uint64(rapid.IntRange(0, 3).Draw(rt, "version")),
				events:  rapid.IntRange(1, 3).Draw(rt, "events"),
			}
		}
		h.plans = append(h.plans, plan)
	}
	if faults {
		h.failOver = rapid.IntRange(-1, len(h.plans[0])-1).Draw(rt, "fail over after")
	}
	return h
}

// modelRun is one history's run.
type modelRun struct {
	target  ModelTarget
	prefix  string
	streams int
	start   time.Time
	mu      sync.Mutex
	mine    map[uuid.UUID]bool // every event ID the run sent
}

func newModelRun(target ModelTarget, prefix string, streams int) *modelRun {
	return &modelRun{target: target, prefix: prefix, streams: streams, start: time.Now(), mine: map[uuid.UUID]bool{}}
}

func (m *modelRun) stream(i int) string { return fmt.Sprintf("%s-s%d", m.prefix, i) }

func (m *modelRun) now() int64 { return int64(time.Since(m.start)) }

// run plays every client's plan concurrently and returns the history of
// appends and reads with their answers, and any error that was neither a
// conflict nor an unknown outcome.
func (m *modelRun) run(h history) ([]porcupine.Operation, []error) {
	var (
		mu         sync.Mutex
		ops        []porcupine.Operation
		unexpected []error
		wg         sync.WaitGroup
	)
	for c, plan := range h.plans {
		wg.Go(func() {
			cl := &modelClient{run: m, id: c}
			for i, p := range plan {
				op, err := cl.do(p)
				mu.Lock()
				if op != nil {
					ops = append(ops, *op)
				}
				if err != nil {
					unexpected = append(unexpected, err)
				}
				mu.Unlock()
				if c == 0 && i == h.failOver {
					m.target.FailOver()
				}
			}
		})
	}
	wg.Wait()
	return ops, unexpected
}

// modelClient is one client: it remembers its last append to resend it.
type modelClient struct {
	run  *modelRun
	id   int
	last *appendInput
	envs []eventstore.Envelope
}

type appendInput struct {
	stream  string
	expect  int
	version uint64
	ids     []uuid.UUID
}

type appendStatus int

const (
	appended appendStatus = iota
	conflicted
	unknown
)

type appendOutput struct {
	status      appendStatus
	lastVersion uint64
}

type readInput struct{ stream string }

type readOutput struct{ ids []uuid.UUID }

// do runs one planned operation. A read that failed has no effect and no
// answer to check: it is left out of the history.
func (c *modelClient) do(p planned) (*porcupine.Operation, error) {
	if p.kind == opResend && (c.last == nil || c.last.expect == 0) {
		p.kind = opRead // nothing to resend, or an Any append, whose resend the port does not promise to recognise
	}
	switch p.kind {
	case opRead:
		return c.read(c.run.stream(p.stream))
	case opAppend:
		c.last = &appendInput{stream: c.run.stream(p.stream), expect: p.expect, version: p.version}
		c.envs = c.run.newEvents(p.events)
		for _, e := range c.envs {
			c.last.ids = append(c.last.ids, e.ID)
		}
	}
	return c.append(*c.last, c.envs)
}

func (c *modelClient) read(stream string) (*porcupine.Operation, error) {
	call := c.run.now()
	evs, err := c.run.target.Store.ReadStream(context.Background(), stream, 0, 1000)
	ret := c.run.now()
	if err != nil && !errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil, fmt.Errorf("read %s: %w", stream, err)
	}
	out := readOutput{}
	for _, e := range evs {
		out.ids = append(out.ids, e.ID)
	}
	return &porcupine.Operation{ClientId: c.id, Input: readInput{stream}, Call: call, Output: out, Return: ret}, nil
}

func (c *modelClient) append(in appendInput, envs []eventstore.Envelope) (*porcupine.Operation, error) {
	call := c.run.now()
	res, err := c.run.target.Store.Append(context.Background(), in.stream, expectedOf(in), envs)
	ret := c.run.now()
	var unexpected error
	out := appendOutput{status: appended, lastVersion: res.LastVersion}
	switch {
	case err == nil:
	case errors.Is(err, eventstore.ErrWrongExpectedVersion):
		out.status = conflicted
	default:
		// Unknown, or failed in a way that says nothing sure: it may take
		// effect at any time from its call on.
		if !errors.Is(err, eventstore.ErrOutcomeUnknown) {
			unexpected = fmt.Errorf("append to %s: %w", in.stream, err)
		}
		out.status, ret = unknown, math.MaxInt64
	}
	return &porcupine.Operation{ClientId: c.id, Input: in, Call: call, Output: out, Return: ret}, unexpected
}

func expectedOf(in appendInput) eventstore.ExpectedVersion {
	switch in.expect {
	case 1:
		return eventstore.NoStream
	case 2:
		return eventstore.Exact(in.version)
	}
	return eventstore.Any
}

func (m *modelRun) newEvents(n int) []eventstore.Envelope {
	evs := make([]eventstore.Envelope, n)
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range evs {
		id := uuid.Must(uuid.NewV7())
		m.mine[id] = true
		evs[i] = eventstore.Envelope{ID: id, Type: "ModelChecked", SchemaVersion: 1, Data: fmt.Appendf(nil, `{"i":%d}`, i),
			Metadata: eventstore.Metadata{Actor: "staff-model", OccurredAt: time.Now()}}
	}
	return evs
}
