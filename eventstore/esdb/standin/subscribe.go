package standin

import (
	"github.com/google/uuid"
	api "github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/streams"
)

// subscribeAll confirms the subscription first (the client refuses anything
// else as the first message), then sends history from the requested place,
// then live events as they are written.
func (s *streams) subscribeAll(o *api.ReadReq_Options, call api.Streams_ReadServer) error {
	f, err := filterOf(o)
	if err != nil {
		return err
	}
	next, skip, err := s.subscriptionStart(o.GetAll())
	if err != nil {
		return err
	}
	confirm := &api.ReadResp_SubscriptionConfirmation{SubscriptionId: uuid.NewString()}
	if err := call.Send(&api.ReadResp{Content: &api.ReadResp_Confirmation{Confirmation: confirm}}); err != nil {
		return err
	}
	sub := &subscriber{call: call, filter: f, asString: uuidAsString(o), next: next, skip: skip}
	return sub.run(s.node)
}

// subscriptionStart is the index of the first record to send. A position is
// exclusive here, unlike a read: the subscription starts after it. From a
// place beyond the end of the log the real server goes live at once and
// drops every live event at or before that place (skip): the silent gap a
// client must never open.
func (s *streams) subscriptionStart(o *api.ReadReq_Options_AllOptions) (next int, skip uint64, err error) {
	rs, end := s.node.log.allWithEnd(s.node.shows())
	switch o.GetAllOption().(type) {
	case *api.ReadReq_Options_AllOptions_End:
		return len(rs), 0, nil
	case *api.ReadReq_Options_AllOptions_Position:
		p := o.GetPosition()
		i, err := placeOf(rs, end, p.GetCommitPosition(), p.GetPreparePosition())
		switch {
		case err != nil:
			return 0, 0, err
		case i == len(rs):
			return len(rs), p.GetCommitPosition(), nil
		case p.GetCommitPosition() == 0 && p.GetPreparePosition() == 0:
			return 0, 0, nil
		}
		return i + 1, 0, nil
	}
	return 0, 0, nil
}

type subscriber struct {
	call      api.Streams_ReadServer
	filter    *filter
	asString  bool
	next      int    // index of the next record to consider
	skip      uint64 // records at or before this position are dropped unseen
	unchecked int    // considered since the last checkpoint
	last      uint64
	caughtUp  bool
}

func (s *subscriber) run(node *Server) error {
	ctx := s.call.Context()
	for {
		rs, changed := node.log.since(s.next, node.shows())
		for _, r := range rs {
			if err := s.consider(r); err != nil {
				return err
			}
		}
		if len(rs) > 0 {
			continue
		}
		if err := s.reachedEnd(); err != nil {
			return err
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil
		}
	}
}

func (s *subscriber) consider(r record) error {
	s.next++
	if r.position <= s.skip {
		return nil
	}
	s.unchecked++
	s.last = r.position
	if s.filter.allows(r) {
		if err := s.call.Send(readEvent(r, s.asString)); err != nil {
			return err
		}
	}
	if s.filter != nil && s.unchecked >= s.filter.checkpointEvery {
		return s.checkpoint()
	}
	return nil
}

// reachedEnd tells the client it is live: a checkpoint for a filtered
// subscription that skipped events, and CaughtUp once.
func (s *subscriber) reachedEnd() error {
	if s.filter != nil && s.unchecked > 0 {
		if err := s.checkpoint(); err != nil {
			return err
		}
	}
	if s.caughtUp {
		return nil
	}
	s.caughtUp = true
	return s.call.Send(&api.ReadResp{Content: &api.ReadResp_CaughtUp_{CaughtUp: &api.ReadResp_CaughtUp{}}})
}

func (s *subscriber) checkpoint() error {
	s.unchecked = 0
	cp := &api.ReadResp_Checkpoint{CommitPosition: s.last, PreparePosition: s.last}
	return s.call.Send(&api.ReadResp{Content: &api.ReadResp_Checkpoint_{Checkpoint: cp}})
}
