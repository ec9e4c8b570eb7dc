package projections

import (
	"context"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"

	"github.com/klient-crm/klient/eventstore"
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
	sub.feed = r.feed
	r.sub = sub
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
