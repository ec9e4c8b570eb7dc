package projections

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/klient-crm/klient/eventstore"
)

// The feed reads the log once for all the runners of this instance that
// are at about the same place, and opens each event once (issue 19: nine
// projectors each reading and opening every event of a million-event log
// spent most of a catch-up doing the same work nine times). It keeps a
// window of consecutive decoded pages; a runner whose checkpoint lies in
// the window takes its batches from there, one whose checkpoint lies
// outside (a rebuild far behind the others, a projector far ahead) reads
// the log privately as before. The window advances only when every member
// has passed its oldest page, so the members move as a convoy at the pace
// of the slowest and memory stays bounded; a member that leaves (stopped,
// failed, lock lost) no longer holds it back.
type feed struct {
	store    eventstore.Store
	codec    Decoder
	window   int           // most events held
	page     int           // most events per page
	linger   time.Duration // how long a page outlives its last reader, for runners starting late
	expected int           // runners that may join: the first pages wait for them
	log      *slog.Logger

	mu      sync.Mutex
	changed chan struct{} // closed and replaced at every change
	pages   []*feedPage
	held    int                                 // events in pages
	members map[*feedMember]eventstore.Position // where each member's last batch ended
	wants   map[string]bool                     // event types some member handles, worked out per type as met
	begin   eventstore.Position                 // where the reader started
	begun   time.Time                           // when
	cancel  context.CancelFunc                  // ends the reader; nil while no reader runs
	err     error                               // why the reader stopped
	sweep   bool                                // a release of lingering pages is due
}

// A feedPage is a run of consecutive events after from, with each opened
// event beside its envelope (Event nil where it was not opened).
type feedPage struct {
	from, last eventstore.Position
	envs       []eventstore.Envelope
	opened     []eventstore.Decoded
	epoch      uint64    // the key epoch before the events were opened
	passed     time.Time // when the last member moved past it; zero while one has not
}

// prefetcher is an optional interface of a Decoder (the codec has it): it
// loads the keys a batch needs in one round trip.
type prefetcher interface {
	Prefetch(ctx context.Context, envs []eventstore.Envelope) error
}

// keyEpoch is an optional interface of a Decoder (the codec has it): a
// number that moves whenever a key may have been destroyed. A page opened
// before it moved may hold plaintext of a person erased since, so its
// opened events are no longer handed out: the runners open them again.
type keyEpoch interface {
	KeyEpoch() uint64
}

// epoch is the decoder's key epoch, or 0 when it keeps none.
func (f *feed) epoch() uint64 {
	if k, ok := f.codec.(keyEpoch); ok {
		return k.KeyEpoch()
	}
	return 0
}

// errOutsideWindow sends a runner to read the log privately.
var errOutsideWindow = errors.New("projections: checkpoint outside the shared feed's window")

// newFeed makes a feed for up to expected runners, who may join a moment
// apart.
func newFeed(cfg *Config, expected int) *feed {
	return &feed{store: cfg.Store, codec: cfg.Codec, window: cfg.FeedWindow, page: cfg.BatchSize, expected: expected,
		linger: 2 * time.Second, log: cfg.Logger, changed: make(chan struct{}), members: map[*feedMember]eventstore.Position{},
		wants: map[string]bool{}}
}

// feedMember is one runner's place in the feed, and the event types its
// projector handles.
type feedMember struct {
	f       *feed
	handles func(eventType string) bool
}

// join makes a member at from, starting the reader there when none runs.
// A from outside the window is refused with errOutsideWindow.
func (f *feed) join(from eventstore.Position, handles func(eventType string) bool) (*feedMember, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cancel == nil {
		f.start(from)
	} else if !f.coversLocked(from) {
		return nil, errOutsideWindow
	}
	m := &feedMember{f: f, handles: handles}
	f.members[m] = from
	clear(f.wants)
	return m, nil
}

// wanted reports which of envs some member of the feed handles. The feed
// opens only those: a read model rebuilt from the start of the log (a new
// version at start-up) used to have every event of the log opened for it,
// because the audit trail, standing at the head and reading on its own,
// handles every type; at a million events that was most of the rebuild's
// time (issue 19: two read models rebuilt at start-up moved at ~650
// events/s, against ~20,000/s for the same rebuild from the command line).
// A member that joins after a page was opened opens its own events there.
func (f *feed) wanted(envs []eventstore.Envelope) []bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]bool, len(envs))
	for i, env := range envs {
		w, ok := f.wants[env.Type]
		if !ok {
			for m := range f.members {
				if w = m.handles == nil || m.handles(env.Type); w {
					break
				}
			}
			f.wants[env.Type] = w
		}
		out[i] = w
	}
	return out
}

// coversLocked: from is a page boundary or inside a page of the window, or
// the end the reader has reached.
func (f *feed) coversLocked(from eventstore.Position) bool {
	if len(f.pages) == 0 {
		return from == f.endLocked()
	}
	return from.AtLeast(f.pages[0].from) && f.endLocked().AtLeast(from)
}

// end is where the reader stands: after the last page, or where it began.
func (f *feed) endLocked() eventstore.Position {
	if len(f.pages) > 0 {
		return f.pages[len(f.pages)-1].last
	}
	return f.begin
}

// leave takes m out; the last member to leave stops the reader and drops
// the window, so no opened event stays in memory with nobody to read it.
func (m *feedMember) leave() {
	f := m.f
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.members[m]; !ok {
		return // a reader that failed already let it go
	}
	delete(f.members, m)
	clear(f.wants)
	if len(f.members) == 0 {
		f.stopLocked()
	}
	f.wakeLocked()
}

func (f *feed) stopLocked() {
	if f.cancel != nil {
		f.cancel()
	}
	f.cancel, f.pages, f.held = nil, nil, 0
}

// next returns the batch after the member's last one: at most max events
// of one page, with the opened events beside them. It blocks until the
// reader has read past the member.
func (m *feedMember) next(ctx context.Context, max int) ([]eventstore.Envelope, []eventstore.Decoded, error) {
	f := m.f
	for {
		f.mu.Lock()
		after := f.members[m]
		envs, opened, err := f.takeLocked(m, after, max)
		wait := f.changed
		f.mu.Unlock()
		if err != nil || len(envs) > 0 {
			return envs, opened, err
		}
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		}
	}
}

// nextUntil is next that gives up after d with nothing, so a caller can
// look at the clock (a rebuild: has the log's counted head been reached?).
func (m *feedMember) nextUntil(ctx context.Context, max int, d time.Duration) ([]eventstore.Envelope, []eventstore.Decoded, error) {
	tctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	envs, opened, err := m.next(tctx, max)
	if err != nil && ctx.Err() == nil && tctx.Err() != nil {
		return nil, nil, nil
	}
	return envs, opened, err
}

func (f *feed) takeLocked(m *feedMember, after eventstore.Position, max int) ([]eventstore.Envelope, []eventstore.Decoded, error) {
	if f.err != nil {
		return nil, nil, f.err
	}
	if _, ok := f.members[m]; !ok {
		return nil, nil, errOutsideWindow
	}
	if len(f.pages) > 0 && !after.AtLeast(f.pages[0].from) {
		return nil, nil, errOutsideWindow // cannot happen while the window waits for its members
	}
	for _, p := range f.pages {
		if !after.Less(p.last) {
			continue
		}
		i := 0
		for i < len(p.envs) && !after.Less(p.envs[i].Position) {
			i++
		}
		j := min(len(p.envs), i+max)
		f.members[m] = p.envs[j-1].Position
		f.releaseLocked()
		if p.epoch != f.epoch() {
			p.opened = make([]eventstore.Decoded, len(p.envs)) // a key died since: nothing opened is handed out
		}
		return p.envs[i:j:j], p.opened[i:j:j], nil
	}
	return nil, nil, nil
}

// releaseLocked drops the oldest pages once every member has passed them
// and they have lingered, so a runner that starts a moment after the others
// still finds its place. Until every expected runner has joined (for the
// reader's first moments at most) nothing is dropped even when the window
// is full: projectors that start together (serve's start, a new version of
// every read model) prepare their tables at different speeds, and the
// first must not run out of the window before the last has joined.
func (f *feed) releaseLocked() {
	now, dropped := time.Now(), false
	defer func() {
		if dropped { // the reader may wait for room
			f.wakeLocked()
		}
	}()
	for len(f.pages) > 0 {
		p := f.pages[0]
		for _, at := range f.members {
			if at.Less(p.last) {
				return
			}
		}
		if p.passed.IsZero() {
			p.passed = now
		}
		waiting := len(f.members) < f.expected && now.Sub(f.begun) < f.linger
		if waiting || (now.Sub(p.passed) < f.linger && f.held < f.window) {
			f.sweepLater()
			break
		}
		f.pages, f.held, dropped = f.pages[1:], f.held-len(p.envs), true
	}
}

// sweepLater releases lingering pages once their time is up even when no
// member asks for more: at an idle firm nothing else would, and opened
// events must not stay in memory.
func (f *feed) sweepLater() {
	if f.sweep {
		return
	}
	f.sweep = true
	time.AfterFunc(f.linger, func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.sweep = false
		f.releaseLocked()
	})
}

func (f *feed) wakeLocked() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// start runs a reader from pos; f.mu is held. Members of a reader that
// failed are let go: they meet errOutsideWindow and resubscribe.
func (f *feed) start(pos eventstore.Position) {
	ctx, cancel := context.WithCancel(context.Background())
	f.cancel, f.begin, f.begun, f.pages, f.held, f.err = cancel, pos, time.Now(), nil, 0, nil
	clear(f.members)
	go f.read(ctx, pos)
}

// read subscribes from pos and turns what arrives into pages until ctx
// ends. It holds back while the window is full.
func (f *feed) read(ctx context.Context, pos eventstore.Position) {
	sub, err := f.store.SubscribeAll(ctx, pos)
	if err != nil {
		f.fail(ctx, err)
		return
	}
	p := startPump(ctx, sub, f.page)
	for {
		if !f.room(ctx) {
			return
		}
		envs, err := p.next(ctx, f.page)
		if err != nil {
			f.fail(ctx, err)
			return
		}
		epoch := f.epoch()
		page := &feedPage{from: pos, last: envs[len(envs)-1].Position, envs: envs, opened: f.open(ctx, envs), epoch: epoch}
		pos = page.last
		f.mu.Lock()
		if ctx.Err() == nil {
			f.pages, f.held = append(f.pages, page), f.held+len(envs)
			f.wakeLocked()
		}
		f.mu.Unlock()
	}
}

// room waits until the window has space for another page, releasing
// pages whose linger has run out meanwhile.
func (f *feed) room(ctx context.Context) bool {
	for {
		f.mu.Lock()
		f.releaseLocked()
		full, wait := f.held >= f.window, f.changed
		f.mu.Unlock()
		if !full {
			return true
		}
		select {
		case <-wait:
		case <-time.After(f.linger):
		case <-ctx.Done():
			return false
		}
	}
}

// fail hands the reader's error to every member; they resubscribe, and the
// first to join again starts a new reader.
func (f *feed) fail(ctx context.Context, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if ctx.Err() != nil {
		return
	}
	f.log.Warn("shared event feed stopped; its projectors resubscribe", "error", safeError(err))
	f.stopLocked()
	f.err = err
	f.wakeLocked()
}

// open decodes the events some projector handles, on every core. An event
// that fails to open is left for its projectors to open themselves, so
// that their retry policy (not the feed) decides what a failure means.
func (f *feed) open(ctx context.Context, envs []eventstore.Envelope) []eventstore.Decoded {
	wanted := f.wanted(envs)
	if p, ok := f.codec.(prefetcher); ok {
		var keyed []eventstore.Envelope
		for i, env := range envs {
			if wanted[i] {
				keyed = append(keyed, env)
			}
		}
		_ = p.Prefetch(ctx, keyed) // without it, each key is read when needed
	}
	out := make([]eventstore.Decoded, len(envs))
	for i, err := range openAll(ctx, f.codec, envs, out, func(i int) bool { return wanted[i] }) {
		if err != nil {
			out[i] = eventstore.Decoded{}
		}
	}
	return out
}

// logSubscriber is a Watermill Subscriber over the event store's catch-up
// subscription. The topic is a projector name; the subscription starts at
// that projector's checkpoint. One message carries one batch; the next batch
// is sent only after an Ack, and a Nack sends the same batch again, so no
// event is ever skipped.
type logSubscriber struct {
	store     eventstore.Store
	feed      *feed                       // nil: always read privately
	handles   func(eventType string) bool // the event types the feed opens for this subscriber
	from      func(ctx context.Context, topic string) (eventstore.Position, error)
	batchSize int
	log       *slog.Logger
	inflight  sync.Map // message UUID → batch: the batch itself never leaves the process

	closing   chan struct{}
	closeOnce sync.Once
	running   sync.WaitGroup
}

var _ message.Subscriber = (*logSubscriber)(nil)

func newLogSubscriber(store eventstore.Store, batchSize int, log *slog.Logger,
	from func(context.Context, string) (eventstore.Position, error)) *logSubscriber {
	return &logSubscriber{store: store, from: from, batchSize: batchSize, log: log, closing: make(chan struct{})}
}

// Subscribe starts delivering batches after topic's checkpoint.
func (s *logSubscriber) Subscribe(ctx context.Context, topic string) (<-chan *message.Message, error) {
	from, err := s.from(ctx, topic)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	src, err := s.source(ctx, topic, from)
	if err != nil {
		cancel()
		return nil, err
	}
	out := make(chan *message.Message)
	s.running.Add(1)
	go func() {
		defer s.running.Done()
		defer close(out)
		defer cancel()
		go func() {
			select {
			case <-s.closing:
				cancel()
			case <-ctx.Done():
			}
		}()
		defer src.close()
		s.deliver(ctx, topic, src, from, out)
	}()
	return out, nil
}

// A source yields the batches after a checkpoint: the shared feed's, with
// the events already opened, or a private subscription's.
type source interface {
	next(ctx context.Context, max int) ([]eventstore.Envelope, []eventstore.Decoded, error)
	close()
}

// source joins the shared feed when the checkpoint lies in its window and
// reads privately otherwise.
func (s *logSubscriber) source(ctx context.Context, topic string, from eventstore.Position) (source, error) {
	if s.feed != nil {
		if m, err := s.feed.join(from, s.handles); err == nil {
			return m, nil
		}
		s.log.Info("projector reads the log on its own: its checkpoint is far from the others'", "projector", topic, "after", from.String())
	}
	sub, err := s.store.SubscribeAll(ctx, from)
	if err != nil {
		return nil, err
	}
	return privateSource{startPump(ctx, sub, s.batchSize)}, nil
}

type privateSource struct{ p *pump }

func (ps privateSource) next(ctx context.Context, max int) ([]eventstore.Envelope, []eventstore.Decoded, error) {
	envs, err := ps.p.next(ctx, max)
	return envs, nil, err
}

func (privateSource) close() {} // the subscription ends with the context

func (m *feedMember) close() { m.leave() }

func (s *logSubscriber) deliver(ctx context.Context, topic string, src source, from eventstore.Position, out chan<- *message.Message) {
	for {
		envs, opened, err := src.next(ctx, s.batchSize)
		if err != nil {
			if ctx.Err() == nil && !errors.Is(err, eventstore.ErrSubscriptionClosed) && !errors.Is(err, errOutsideWindow) {
				s.log.Error("event subscription failed", "projector", topic, "after", from.String(), "error", safeError(err))
			}
			return
		}
		b := batch{From: from, Last: envs[len(envs)-1].Position, Envelopes: envs, Opened: opened}
		if !s.sendUntilAcked(ctx, topic, b, out) {
			return
		}
		from = b.Last
	}
}

// sendUntilAcked delivers b and redelivers it after every Nack. It reports
// false when the subscription is ending.
func (s *logSubscriber) sendUntilAcked(ctx context.Context, topic string, b batch, out chan<- *message.Message) bool {
	for ctx.Err() == nil {
		msg := b.message(topic)
		msgCtx, done := context.WithCancel(ctx)
		msg.SetContext(msgCtx)
		s.inflight.Store(msg.UUID, b)
		acked := s.send(ctx, msg, out)
		s.inflight.Delete(msg.UUID)
		done()
		if acked {
			return true
		}
	}
	return false
}

func (s *logSubscriber) send(ctx context.Context, msg *message.Message, out chan<- *message.Message) bool {
	select {
	case out <- msg:
	case <-ctx.Done():
		return false
	}
	select {
	case <-msg.Acked():
		return true
	case <-msg.Nacked():
		return false
	case <-ctx.Done():
		return false
	}
}

// Close ends every subscription and waits until their channels are closed.
func (s *logSubscriber) Close() error {
	s.closeOnce.Do(func() { close(s.closing) })
	s.running.Wait()
	return nil
}

// A batch is what one Watermill message stands for: consecutive envelopes
// of the log, and those the shared feed has opened already (nil, or an
// entry with a nil Event, where the runner must open them itself). From is
// the position the batch follows (the checkpoint it expects), Last the
// position of its last envelope (the checkpoint it leaves). Both travel in
// metadata; the batch itself stays in the subscriber, keyed by the
// message's UUID: router and subscriber share one process, and encoding a
// batch only to decode it again cost a fifth of catch-up time.
type batch struct {
	From      eventstore.Position
	Last      eventstore.Position
	Envelopes []eventstore.Envelope
	Opened    []eventstore.Decoded
}

const (
	metaFrom  = "klient_from"
	metaLast  = "klient_last"
	metaCount = "klient_count"
)

func (b batch) message(topic string) *message.Message {
	msg := message.NewMessage(watermill.NewUUID(), nil)
	msg.Metadata.Set("klient_topic", topic)
	msg.Metadata.Set(metaFrom, b.From.String())
	msg.Metadata.Set(metaLast, b.Last.String())
	msg.Metadata.Set(metaCount, strconv.Itoa(len(b.Envelopes)))
	return msg
}

// batchOf finds the batch msg stands for and checks it against the
// message's metadata.
func (s *logSubscriber) batchOf(msg *message.Message) (batch, error) {
	v, ok := s.inflight.Load(msg.UUID)
	if !ok {
		return batch{}, fmt.Errorf("projections: message %s stands for no batch in flight", msg.UUID)
	}
	b := v.(batch)
	if msg.Metadata.Get(metaFrom) != b.From.String() || msg.Metadata.Get(metaLast) != b.Last.String() ||
		msg.Metadata.Get(metaCount) != strconv.Itoa(len(b.Envelopes)) {
		return batch{}, fmt.Errorf("projections: message %s does not match its batch", msg.UUID)
	}
	return b, nil
}

// pump reads a subscription ahead into a buffer so that the subscriber can
// take "whatever is immediately available" as one batch: during catch-up the
// buffer is full and batches are large; live, they hold one event.
type pump struct {
	events chan eventstore.Envelope
	err    chan error
}

func startPump(ctx context.Context, sub eventstore.Subscription, size int) *pump {
	p := &pump{events: make(chan eventstore.Envelope, 2*size), err: make(chan error, 1)}
	go func() {
		defer sub.Close()
		for {
			env, err := sub.Next(ctx)
			if err != nil {
				p.err <- err
				return
			}
			select {
			case p.events <- env:
			case <-ctx.Done():
				p.err <- ctx.Err()
				return
			}
		}
	}()
	return p
}

// next blocks for one envelope, then adds whatever else is buffered, up to
// max. It returns an error only when no envelope could be read.
func (p *pump) next(ctx context.Context, max int) ([]eventstore.Envelope, error) {
	var first eventstore.Envelope
	select {
	case first = <-p.events:
	case err := <-p.err:
		return nil, err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	out := append(make([]eventstore.Envelope, 0, min(max, 1+len(p.events))), first)
	for len(out) < max {
		select {
		case env := <-p.events:
			out = append(out, env)
		default:
			return out, nil
		}
	}
	return out, nil
}
