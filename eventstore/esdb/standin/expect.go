package standin

import (
	"math"

	"github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/shared"
	api "github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/streams"
)

// expectation is the client's expected stream revision on Append.
type expectation struct {
	kind     expectKind
	revision uint64
}

type expectKind uint8

const (
	expectAny expectKind = iota
	expectNoStream
	expectStreamExists
	expectRevision
)

// decision mirrors the real server's commit check: write, refuse with
// WrongExpectedVersion, or answer an idempotent retry without writing
// (lastIndex: the record that retry ends at).
type decision struct {
	wrong      bool
	idempotent bool
	lastIndex  int
}

func (l *eventLog) decide(stream string, exp expectation, props []proposal, current int64, ids *idCache) decision {
	switch exp.kind {
	case expectAny, expectStreamExists:
		if exp.kind == expectStreamExists && current < 0 {
			return decision{wrong: true}
		}
		return l.decideByIDs(stream, props, ids)
	case expectNoStream:
		return l.decideAt(stream, -1, props, current)
	}
	return l.decideAt(stream, int64(exp.revision), props, current)
}

// decideByIDs is the Any rule: if the first event ID is in the node's
// memory of IDs it wrote to this stream, every other one must be too (a
// partial match is "corrupted idempotency", which the server answers as
// WrongExpectedVersion). What the node has forgotten is written again.
func (l *eventLog) decideByIDs(stream string, props []proposal, ids *idCache) decision {
	last := -1
	for i, p := range props {
		idx, found := -1, false
		if ids != nil {
			idx, found = ids.get(p.id)
		}
		if found && l.records[idx].stream == stream {
			last = idx
			continue
		}
		if i == 0 {
			return decision{}
		}
		return decision{wrong: true}
	}
	return decision{idempotent: last >= 0, lastIndex: last}
}

// decideAt is the rule for NoStream (expected -1) and an exact revision:
// behind the stream's end, the same IDs must already sit right after the
// expected revision (the server reads the stream when its memory of IDs
// has nothing).
func (l *eventLog) decideAt(stream string, expected int64, props []proposal, current int64) decision {
	if expected == current {
		return decision{}
	}
	if expected > current || len(props) == 0 {
		return decision{wrong: true}
	}
	idx := l.streams[stream]
	last := -1
	for i, p := range props {
		rev := expected + 1 + int64(i)
		if rev > current || l.records[idx[rev]].id != p.id {
			return decision{wrong: true}
		}
		last = idx[rev]
	}
	return decision{idempotent: true, lastIndex: last}
}

// wrongExpectedVersion fills both the current fields and the 20.6.0 ones,
// as servers since 21.10 do, so old and new clients read the same answer.
func wrongExpectedVersion(o *api.AppendReq_Options, current int64) *api.AppendResp_WrongExpectedVersion {
	w := &api.AppendResp_WrongExpectedVersion{}
	setExpected(w, o)
	if current < 0 {
		w.CurrentRevisionOption = &api.AppendResp_WrongExpectedVersion_CurrentNoStream{CurrentNoStream: &shared.Empty{}}
		w.CurrentRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_NoStream_20_6_0{NoStream_20_6_0: &shared.Empty{}}
		return w
	}
	w.CurrentRevisionOption = &api.AppendResp_WrongExpectedVersion_CurrentRevision{CurrentRevision: uint64(current)}
	w.CurrentRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_CurrentRevision_20_6_0{CurrentRevision_20_6_0: uint64(current)}
	return w
}

func setExpected(w *api.AppendResp_WrongExpectedVersion, o *api.AppendReq_Options) {
	empty := &shared.Empty{}
	switch o.GetExpectedStreamRevision().(type) {
	case *api.AppendReq_Options_Any:
		w.ExpectedRevisionOption = &api.AppendResp_WrongExpectedVersion_ExpectedAny{ExpectedAny: empty}
		w.ExpectedRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_Any_20_6_0{Any_20_6_0: empty}
	case *api.AppendReq_Options_StreamExists:
		w.ExpectedRevisionOption = &api.AppendResp_WrongExpectedVersion_ExpectedStreamExists{ExpectedStreamExists: empty}
		w.ExpectedRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_StreamExists_20_6_0{StreamExists_20_6_0: empty}
	case *api.AppendReq_Options_NoStream:
		w.ExpectedRevisionOption = &api.AppendResp_WrongExpectedVersion_ExpectedNoStream{ExpectedNoStream: empty}
		w.ExpectedRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_ExpectedRevision_20_6_0{ExpectedRevision_20_6_0: math.MaxUint64}
	default:
		rev := o.GetRevision()
		w.ExpectedRevisionOption = &api.AppendResp_WrongExpectedVersion_ExpectedRevision{ExpectedRevision: rev}
		w.ExpectedRevisionOption_20_6_0 = &api.AppendResp_WrongExpectedVersion_ExpectedRevision_20_6_0{ExpectedRevision_20_6_0: rev}
	}
}
