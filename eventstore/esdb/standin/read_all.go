package standin

import (
	"sort"

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
	rs, end := s.node.log.allWithEnd(s.node.shows())
	rs, err = allWindow(rs, end, o.GetAll(), o.GetReadDirection() == api.ReadReq_Options_Backwards)
	if err != nil {
		return err
	}
	return sendRecords(call, rs, o.GetCount(), f, uuidAsString(o))
}

func allWindow(rs []record, end uint64, o *api.ReadReq_Options_AllOptions, backwards bool) ([]record, error) {
	i := 0 // index of the first record at or after the requested place
	switch o.GetAllOption().(type) {
	case *api.ReadReq_Options_AllOptions_End:
		i = len(rs)
	case *api.ReadReq_Options_AllOptions_Position:
		p := o.GetPosition()
		var err error
		if i, err = placeOf(rs, end, p.GetCommitPosition(), p.GetPreparePosition()); err != nil {
			return nil, err
		}
	}
	if backwards {
		return reversed(rs[:i]), nil
	}
	return rs[i:], nil
}

// placeOf is where a $all read from (commit, prepare) begins: the index of
// the record at that position (a record's commit and prepare are both its
// position), or len(rs) for the start of the log's next record (end) or any
// place beyond it, where there is nothing to read yet. A place inside the
// log that starts no record is refused, as the real server refuses to read
// from inside a record; it does not refuse a place beyond its end.
func placeOf(rs []record, end, commit, prepare uint64) (int, error) {
	if commit == 0 && prepare == 0 {
		return 0, nil // the very beginning of the transaction file
	}
	if commit >= end {
		return len(rs), nil
	}
	i := sort.Search(len(rs), func(i int) bool { return rs[i].position >= commit })
	if i < len(rs) && rs[i].position == commit && prepare == commit {
		return i, nil
	}
	return 0, invalidPosition()
}
