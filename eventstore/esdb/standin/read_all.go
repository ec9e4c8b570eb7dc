package standin

import (
	api "github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/streams"
)

// readAll serves a $all read. Forwards from a position is inclusive (the
// event at that position comes first), backwards is exclusive, as in the
// real server's transaction-file reader.
func (s *streams) readAll(o *api.ReadReq_Options, call api.Streams_ReadServer) error {
	f, err := filterOf(o)
	if err != nil {
		return err
	}
	rs := allWindow(s.log.all(), o.GetAll(), o.GetReadDirection() == api.ReadReq_Options_Backwards)
	return sendRecords(call, rs, o.GetCount(), f, uuidAsString(o))
}

func allWindow(rs []record, o *api.ReadReq_Options_AllOptions, backwards bool) []record {
	i := 0 // index of the first record at or after the requested place
	switch o.GetAllOption().(type) {
	case *api.ReadReq_Options_AllOptions_End:
		i = len(rs)
	case *api.ReadReq_Options_AllOptions_Position:
		p := o.GetPosition()
		i = firstAtOrAfter(rs, p.GetCommitPosition(), p.GetPreparePosition())
	}
	if backwards {
		return reversed(rs[:i])
	}
	return rs[i:]
}

// firstAtOrAfter finds the first record whose (commit, prepare) is not
// before the given pair; a record's commit and prepare are its position.
func firstAtOrAfter(rs []record, commit, prepare uint64) int {
	for i, r := range rs {
		if r.position > commit || (r.position == commit && r.position >= prepare) {
			return i
		}
	}
	return len(rs)
}

// firstAfter finds the first record strictly after the given pair.
func firstAfter(rs []record, commit, prepare uint64) int {
	for i, r := range rs {
		if r.position > commit || (r.position == commit && r.position > prepare) {
			return i
		}
	}
	return len(rs)
}
