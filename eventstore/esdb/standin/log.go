package standin

import (
	"sync"

	"github.com/google/uuid"
)

// eventLog is the whole store: one ordered list of records ($all) with an
// index per stream and per event ID.
type eventLog struct {
	mu      sync.Mutex
	records []record
	streams map[string][]int // stream name → indexes into records
	byID    map[uuid.UUID]int
	next    uint64
	changed chan struct{} // closed and replaced on every write
}

func newEventLog() *eventLog {
	return &eventLog{
		streams: map[string][]int{},
		byID:    map[uuid.UUID]int{},
		next:    firstPosition,
		changed: make(chan struct{}),
	}
}

// appendOutcome is what the Append RPC tells the client.
type appendOutcome struct {
	wrongVersion bool
	current      int64 // the stream's last revision, -1 when it has none
	lastPosition uint64
	hasPosition  bool
}

// append checks the expectation and writes the proposals atomically.
func (l *eventLog) append(stream string, exp expectation, props []proposal) appendOutcome {
	l.mu.Lock()
	defer l.mu.Unlock()
	current := l.current(stream)
	switch d := l.decide(stream, exp, props, current); {
	case d.wrong:
		return appendOutcome{wrongVersion: true, current: current}
	case d.idempotent:
		last := l.records[l.streams[stream][d.lastRevision]]
		return appendOutcome{current: int64(d.lastRevision), lastPosition: last.position, hasPosition: true}
	}
	if len(props) == 0 {
		return appendOutcome{current: current}
	}
	for _, p := range props {
		l.write(stream, p)
	}
	l.notify()
	return appendOutcome{current: l.current(stream), lastPosition: l.records[len(l.records)-1].position, hasPosition: true}
}

func (l *eventLog) write(stream string, p proposal) {
	r := record{
		id: p.id, stream: stream, revision: uint64(len(l.streams[stream])),
		eventType: p.eventType, contentType: p.contentType,
		data: p.data, metadata: p.metadata, position: l.next, created: ticksNow(),
	}
	l.next += p.size(stream)
	l.byID[p.id] = len(l.records)
	l.streams[stream] = append(l.streams[stream], len(l.records))
	l.records = append(l.records, r)
}

func (l *eventLog) notify() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// current is the stream's last revision, -1 when the stream does not exist.
func (l *eventLog) current(stream string) int64 { return int64(len(l.streams[stream])) - 1 }

// shown is how many records a reader sees when a node shows it the first
// limit of them (all when limit < 0); l.mu is held.
func (l *eventLog) shown(limit int) int {
	if limit < 0 || limit > len(l.records) {
		return len(l.records)
	}
	return limit
}

// streamRecords copies a stream's records among the first limit of the
// log; ok is false when it has none there.
func (l *eventLog) streamRecords(stream string, limit int) (rs []record, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.shown(limit)
	for _, i := range l.streams[stream] {
		if i < n {
			rs = append(rs, l.records[i])
		}
	}
	return rs, len(rs) > 0
}

// since returns the records from index i on, among the first limit, and a
// channel closed at the next change, so a subscriber can wait without
// missing anything.
func (l *eventLog) since(i, limit int) ([]record, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.shown(limit)
	if i >= n {
		return nil, l.changed
	}
	return append([]record(nil), l.records[i:n]...), l.changed
}

// allWithEnd copies the first limit records and says where the next one
// begins (the end of what the reader sees).
func (l *eventLog) allWithEnd(limit int) ([]record, uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.shown(limit)
	end := l.next
	if n < len(l.records) {
		end = l.records[n].position
	}
	return append([]record(nil), l.records[:n]...), end
}

// size is how many records the log holds.
func (l *eventLog) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.records)
}
