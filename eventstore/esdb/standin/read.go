package standin

import (
	api "github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/streams"
)

// Read serves stream reads, $all reads and $all subscriptions. Reads answer
// only with Event or StreamNotFound messages: the client panics on anything
// else in a read.
func (s *streams) Read(req *api.ReadReq, call api.Streams_ReadServer) error {
	return withTrailer(call.Context(), s.read(req.GetOptions(), call))
}

func (s *streams) read(o *api.ReadReq_Options, call api.Streams_ReadServer) error {
	stream := allStream
	if o.GetStream() != nil {
		stream = string(o.GetStream().GetStreamIdentifier().GetStreamName())
	}
	if err := s.node.access.mayRead(who(call.Context()), stream); err != nil {
		return err
	}
	_, subscription := o.GetCountOption().(*api.ReadReq_Options_Subscription)
	switch {
	case o.GetAll() != nil && subscription:
		return s.subscribeAll(o, call)
	case subscription:
		return unsupported("the stand-in serves subscriptions to $all only")
	case o.GetStream() != nil:
		return s.readStream(o, call)
	case o.GetAll() != nil:
		return s.readAll(o, call)
	}
	return badRequest("read needs a stream or $all")
}

func (s *streams) readStream(o *api.ReadReq_Options, call api.Streams_ReadServer) error {
	name := string(o.GetStream().GetStreamIdentifier().GetStreamName())
	rs, ok := s.node.log.streamRecords(name, s.node.shows())
	if !ok {
		return call.Send(streamNotFound(name))
	}
	rs = streamWindow(rs, o.GetStream(), o.GetReadDirection() == api.ReadReq_Options_Backwards)
	return sendRecords(call, rs, o.GetCount(), nil, uuidAsString(o))
}

// streamWindow picks the records a stream read covers, in read order;
// revisions are dense, so a revision is also an index.
func streamWindow(rs []record, o *api.ReadReq_Options_StreamOptions, backwards bool) []record {
	from := uint64(0)
	switch o.GetRevisionOption().(type) {
	case *api.ReadReq_Options_StreamOptions_End:
		from = uint64(len(rs))
		if backwards {
			from = uint64(len(rs)) - 1
		}
	case *api.ReadReq_Options_StreamOptions_Revision:
		from = o.GetRevision()
	}
	if !backwards {
		if from >= uint64(len(rs)) {
			return nil
		}
		return rs[from:]
	}
	if from >= uint64(len(rs)) {
		from = uint64(len(rs)) - 1
	}
	return reversed(rs[:from+1])
}

func reversed(rs []record) []record {
	out := make([]record, len(rs))
	for i, r := range rs {
		out[len(rs)-1-i] = r
	}
	return out
}

// sendRecords sends up to count records that pass the filter.
func sendRecords(call api.Streams_ReadServer, rs []record, count uint64, f *filter, asString bool) error {
	for _, r := range rs {
		if count == 0 {
			return nil
		}
		if !f.allows(r) {
			continue
		}
		if err := call.Send(readEvent(r, asString)); err != nil {
			return err
		}
		count--
	}
	return nil
}
