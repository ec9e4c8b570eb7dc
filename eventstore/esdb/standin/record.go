package standin

import (
	"time"

	"github.com/google/uuid"
)

// record is one event as the log keeps it. The real server gives an event
// appended in an implicit transaction the same commit and prepare position
// (its own log position), so one number is enough here.
type record struct {
	id          uuid.UUID
	stream      string
	revision    uint64
	eventType   string
	contentType string
	data        []byte
	metadata    []byte
	position    uint64
	created     int64 // 100 ns ticks since the Unix epoch, as the server sends it
}

// proposal is an event an Append call asks to write.
type proposal struct {
	id          uuid.UUID
	eventType   string
	contentType string
	data        []byte
	metadata    []byte
}

// firstPosition leaves room before the first event, as a real log begins
// with its own records, so that Position{0,0} never names an event.
const firstPosition = 1024

// recordOverhead approximates a prepare record's header so positions grow
// like byte offsets rather than counters.
const recordOverhead = 96

func (p proposal) size(stream string) uint64 {
	return uint64(recordOverhead + len(stream) + len(p.eventType) + len(p.data) + len(p.metadata))
}

func ticksNow() int64 { return time.Now().UnixNano() / 100 }
