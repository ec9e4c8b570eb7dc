package standin

import (
	"encoding/binary"
	"strconv"

	"github.com/google/uuid"
	"github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/shared"
	api "github.com/kurrent-io/KurrentDB-Client-Go/protos/kurrentdb/protocols/v1/streams"
)

func uuidFromProto(u *shared.UUID) (uuid.UUID, error) {
	if s := u.GetStructured(); s != nil {
		var b [16]byte
		binary.BigEndian.PutUint64(b[:8], uint64(s.GetMostSignificantBits()))
		binary.BigEndian.PutUint64(b[8:], uint64(s.GetLeastSignificantBits()))
		return uuid.UUID(b), nil
	}
	return uuid.Parse(u.GetString_())
}

// uuidToProto answers in the form the read request asked for.
func uuidToProto(id uuid.UUID, asString bool) *shared.UUID {
	if asString {
		return &shared.UUID{Value: &shared.UUID_String_{String_: id.String()}}
	}
	s := &shared.UUID_Structured{
		MostSignificantBits:  int64(binary.BigEndian.Uint64(id[:8])),
		LeastSignificantBits: int64(binary.BigEndian.Uint64(id[8:])),
	}
	return &shared.UUID{Value: &shared.UUID_Structured_{Structured: s}}
}

// readEvent renders a record the way the client requires: it aborts the
// process when "created" is missing and needs "type" and "content-type".
func readEvent(r record, asString bool) *api.ReadResp {
	ev := &api.ReadResp_ReadEvent_RecordedEvent{
		Id:               uuidToProto(r.id, asString),
		StreamIdentifier: &shared.StreamIdentifier{StreamName: []byte(r.stream)},
		StreamRevision:   r.revision,
		PreparePosition:  r.position,
		CommitPosition:   r.position,
		Metadata: map[string]string{
			"type":         r.eventType,
			"content-type": r.contentType,
			"created":      strconv.FormatInt(r.created, 10),
		},
		CustomMetadata: r.metadata,
		Data:           r.data,
	}
	re := &api.ReadResp_ReadEvent{Event: ev,
		Position: &api.ReadResp_ReadEvent_CommitPosition{CommitPosition: r.position}}
	return &api.ReadResp{Content: &api.ReadResp_Event{Event: re}}
}

func streamNotFound(stream string) *api.ReadResp {
	id := &shared.StreamIdentifier{StreamName: []byte(stream)}
	return &api.ReadResp{Content: &api.ReadResp_StreamNotFound_{
		StreamNotFound: &api.ReadResp_StreamNotFound{StreamIdentifier: id}}}
}

func uuidAsString(o *api.ReadReq_Options) bool {
	_, ok := o.GetUuidOption().GetContent().(*api.ReadReq_Options_UUIDOption_String_)
	return ok
}
