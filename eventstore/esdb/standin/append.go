package standin

import (
	"errors"
	"io"

	"github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/shared"
	api "github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/streams"
)

// maxAppendSize is the real server's default MaxAppendSize (1 MiB).
const maxAppendSize = 1 << 20

// Append reads the options message, then every proposed message, and
// answers once the write is committed, as the real server does.
func (s *streams) Append(call api.Streams_AppendServer) error {
	return withTrailer(call.Context(), s.append(call))
}

func (s *streams) append(call api.Streams_AppendServer) error {
	first, err := call.Recv()
	if err != nil {
		return err
	}
	opts := first.GetOptions()
	if opts == nil || len(opts.GetStreamIdentifier().GetStreamName()) == 0 {
		return badRequest("append must start with options naming a stream")
	}
	stream := string(opts.GetStreamIdentifier().GetStreamName())
	if err := s.node.access.mayWrite(who(call.Context()), stream); err != nil {
		return err
	}
	props, err := receiveProposals(call, stream)
	if err != nil {
		return err
	}
	exp := expectationOf(opts)
	// A follower forwards the write: the leader decides, with its memory.
	out := s.node.log.append(stream, exp, props, s.node.cluster.Leader().ids)
	ctx := call.Context()
	if out.notReady {
		// "Dropping idempotent write ... since the original write has not
		// yet been replicated": no answer at all; the client times out.
		<-ctx.Done()
		return ctx.Err()
	}
	if !out.wrongVersion {
		if err := s.node.log.awaitCommit(ctx, out.until, s.node.cluster.commitTimeout()); err != nil {
			return err
		}
		s.node.access.written(stream, props)
	}
	return call.SendAndClose(appendResponse(opts, out))
}

func receiveProposals(call api.Streams_AppendServer, stream string) ([]proposal, error) {
	var props []proposal
	size := 0
	for {
		req, err := call.Recv()
		if errors.Is(err, io.EOF) {
			return props, nil
		}
		if err != nil {
			return nil, err
		}
		p, err := proposalOf(req.GetProposedMessage())
		if err != nil {
			return nil, err
		}
		if size += int(p.size(stream)); size > maxAppendSize {
			return nil, appendTooLarge()
		}
		props = append(props, p)
	}
}

func proposalOf(m *api.AppendReq_ProposedMessage) (proposal, error) {
	if m == nil {
		return proposal{}, badRequest("expected a proposed message")
	}
	eventType, okType := m.GetMetadata()["type"]
	contentType, okContent := m.GetMetadata()["content-type"]
	if !okType {
		return proposal{}, missingMetadata("type")
	}
	if !okContent {
		return proposal{}, missingMetadata("content-type")
	}
	id, err := uuidFromProto(m.GetId())
	if err != nil {
		return proposal{}, badRequest("invalid event id")
	}
	return proposal{id: id, eventType: eventType, contentType: contentType,
		data: m.GetData(), metadata: m.GetCustomMetadata()}, nil
}

func expectationOf(o *api.AppendReq_Options) expectation {
	switch o.GetExpectedStreamRevision().(type) {
	case *api.AppendReq_Options_NoStream:
		return expectation{kind: expectNoStream}
	case *api.AppendReq_Options_StreamExists:
		return expectation{kind: expectStreamExists}
	case *api.AppendReq_Options_Revision:
		return expectation{kind: expectRevision, revision: o.GetRevision()}
	}
	return expectation{kind: expectAny}
}

func appendResponse(o *api.AppendReq_Options, out appendOutcome) *api.AppendResp {
	if out.wrongVersion {
		return &api.AppendResp{Result: &api.AppendResp_WrongExpectedVersion_{
			WrongExpectedVersion: wrongExpectedVersion(o, out.current)}}
	}
	ok := &api.AppendResp_Success{}
	if out.current < 0 {
		ok.CurrentRevisionOption = &api.AppendResp_Success_NoStream{NoStream: &shared.Empty{}}
	} else {
		ok.CurrentRevisionOption = &api.AppendResp_Success_CurrentRevision{CurrentRevision: uint64(out.current)}
	}
	if out.hasPosition {
		p := &api.AppendResp_Position{CommitPosition: out.lastPosition, PreparePosition: out.lastPosition}
		ok.PositionOption = &api.AppendResp_Success_Position{Position: p}
	} else {
		ok.PositionOption = &api.AppendResp_Success_NoPosition{NoPosition: &shared.Empty{}}
	}
	return &api.AppendResp{Result: &api.AppendResp_Success_{Success: ok}}
}
