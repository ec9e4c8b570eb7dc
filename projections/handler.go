package projections

import (
	"context"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
)

// handle is the Watermill handler: one batch, one transaction.
func (r *runner) handle(msg *message.Message) error {
	b, err := r.sub.batchOf(msg)
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
		r.compactIfDue(msg.Context(), b.Last)
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
