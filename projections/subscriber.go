package projections

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"

	"github.com/klient-crm/klient/eventstore"
)

// logSubscriber is a Watermill Subscriber over the event store's catch-up
// subscription. The topic is a projector name; the subscription starts at
// that projector's checkpoint. One message carries one batch; the next batch
// is sent only after an Ack, and a Nack sends the same batch again, so no
// event is ever skipped.
type logSubscriber struct {
	store     eventstore.Store
	feed      *feed // nil: always read privately
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
		if m, err := s.feed.join(from); err == nil {
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
