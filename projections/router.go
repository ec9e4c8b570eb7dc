package projections

import (
	"context"
	"github.com/klient-crm/klient/eventstore"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
)

// newRouter builds the Watermill router of one projector run: the log
// subscriber as its only source and the projector's batch handler behind,
// from the outside in, the poison policy, bounded exponential retry and
// panic recovery (so that a panic is retried like an error).
func (r *runner) newRouter() (*message.Router, error) {
	wlog := wmLogger{log: r.log}
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: 30 * time.Second}, wlog)
	if err != nil {
		return nil, err
	}
	retry := middleware.Retry{
		MaxRetries:      r.cfg.Retry.MaxRetries,
		InitialInterval: r.cfg.Retry.InitialInterval,
		MaxInterval:     r.cfg.Retry.MaxInterval,
		Multiplier:      r.cfg.Retry.Multiplier,
		MaxElapsedTime:  r.cfg.Retry.bound(),
		Logger:          wlog,
	}
	router.AddMiddleware(r.poison, retry.Middleware, middleware.Recoverer)
	sub := newLogSubscriber(r.cfg.Store, r.cfg.BatchSize, r.log, r.subscribeFrom)
	router.AddConsumerHandler(r.name, r.name, sub, r.handle)
	return router, nil
}

// bound is the longest a batch may be retried: every interval at its
// maximum, plus slack, so that MaxRetries is what ends a retry.
func (p RetryPolicy) bound() time.Duration {
	return time.Duration(p.MaxRetries+1)*p.MaxInterval + time.Minute
}

// subscribeFrom is where the subscriber starts: the stored checkpoint.
func (r *runner) subscribeFrom(ctx context.Context, topic string) (eventstore.Position, error) {
	c, _, err := readCheckpoint(ctx, r.cfg.Pool, topic)
	return c.Position, err
}

// handle is the Watermill handler: one batch, one transaction.
func (r *runner) handle(msg *message.Message) error {
	b, err := readBatch(msg)
	if err != nil {
		return err
	}
	result, err := r.apply(msg.Context(), b)
	if err != nil {
		return scrubbed{err}
	}
	switch result {
	case applied:
		r.state.advance(b.Last)
		r.log.Debug("batch applied", "projector", r.name, "events", len(b.Envelopes), "from", b.From.String(), "to", b.Last.String())
	case checkpointMoved:
		r.log.Warn("checkpoint moved under the runner (rebuild or version change): resubscribing", "projector", r.name, "expected", b.From.String())
		r.stop(errRestart)
	}
	return nil
}

// poison is the outermost middleware: an error that survived every retry
// stops the projector loudly instead of skipping the batch. The checkpoint
// stays before the batch, so a restart tries it again. A database that is
// unreachable is not the batch's fault: the runner then starts over from
// the checkpoint after a pause instead of stopping for good.
func (r *runner) poison(h message.HandlerFunc) message.HandlerFunc {
	return func(msg *message.Message) ([]*message.Message, error) {
		out, err := h(msg)
		switch {
		case err == nil || msg.Context().Err() != nil:
			return out, err
		case transient(err):
			r.log.Warn("database unavailable: projector pauses and resumes from its checkpoint",
				"projector", r.name, "after", msg.Metadata.Get(metaFrom), "error", safeError(err))
			r.stop(errEnded)
		default:
			r.fail(msg, err)
		}
		return nil, err
	}
}

func (r *runner) fail(msg *message.Message, err error) {
	reason := safeError(err)
	r.log.Error("projector stopped: a batch failed after every retry; fix the cause and restart",
		"projector", r.name, "after", msg.Metadata.Get(metaFrom), "last", msg.Metadata.Get(metaLast),
		"events", msg.Metadata.Get(metaCount), "error", reason)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := setStatus(ctx, r.cfg.Pool, r.name, StatusFailed, reason); err != nil {
		r.log.Error("cannot record projector failure", "projector", r.name, "error", safeError(err))
	}
	r.stop(errFailed)
}
