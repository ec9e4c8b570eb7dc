package standin

import (
	"context"
	"sync"
	"time"
)

// eventLog is the whole store: one ordered list of records ($all) with an
// index per stream. Records are written at once (the real leader's
// prepares) but shown to readers only once committed, which replication
// to a quorum decides: at once unless commits are delayed (DelayCommits).
// Commits are in log order, so the committed records are a prefix.
type eventLog struct {
	mu        sync.Mutex
	records   []record
	streams   map[string][]int // stream name → indexes into records
	next      uint64
	committed int           // how many records readers may see
	delay     time.Duration // between a write and its commit
	changed   chan struct{} // closed and replaced on every write and commit
}

func newEventLog() *eventLog {
	return &eventLog{
		streams: map[string][]int{},
		next:    firstPosition,
		changed: make(chan struct{}),
	}
}

// appendOutcome is what the Append RPC tells the client, once the records
// up to until are committed. notReady: a retry of a write not yet
// committed, which the real server drops without an answer.
type appendOutcome struct {
	wrongVersion bool
	notReady     bool
	current      int64 // the stream's last revision, -1 when it has none
	lastPosition uint64
	hasPosition  bool
	until        int
}

// append checks the expectation and writes the proposals atomically; ids
// is the writing node's memory of event IDs (nil for the node's own
// system events).
func (l *eventLog) append(stream string, exp expectation, props []proposal, ids *idCache) appendOutcome {
	l.mu.Lock()
	defer l.mu.Unlock()
	current := l.current(stream)
	switch d := l.decide(stream, exp, props, current, ids); {
	case d.wrong:
		return appendOutcome{wrongVersion: true, current: current}
	case d.idempotent:
		last := l.records[d.lastIndex]
		return appendOutcome{current: int64(last.revision), lastPosition: last.position, hasPosition: true,
			until: d.lastIndex + 1, notReady: d.lastIndex >= l.committed}
	}
	if len(props) == 0 {
		return appendOutcome{current: current, until: l.committed}
	}
	for _, p := range props {
		l.write(stream, p, ids)
	}
	written := len(l.records)
	if l.delay == 0 {
		l.committed = written
	} else {
		time.AfterFunc(l.delay, func() { l.commit(written) })
	}
	l.notify()
	return appendOutcome{current: l.current(stream), lastPosition: l.records[written-1].position, hasPosition: true, until: written}
}

// commit shows readers the first n records, as the cluster's confirmation
// of the write that ends there arrives.
func (l *eventLog) commit(n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n > l.committed {
		l.committed = n
		l.notify()
	}
}

// awaitCommit waits until the first n records are committed, ctx ends, or
// timeout passes (the real leader's commit timeout, which it answers as
// "Operation timed out" though the write may still commit).
func (l *eventLog) awaitCommit(ctx context.Context, n int, timeout time.Duration) error {
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		l.mu.Lock()
		done, changed := l.committed >= n, l.changed
		l.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
			return commitTimedOut()
		}
	}
}

func (l *eventLog) write(stream string, p proposal, ids *idCache) {
	r := record{
		id: p.id, stream: stream, revision: uint64(len(l.streams[stream])),
		eventType: p.eventType, contentType: p.contentType,
		data: p.data, metadata: p.metadata, position: l.next, created: ticksNow(),
	}
	l.next += p.size(stream)
	if ids != nil {
		ids.put(p.id, stream, len(l.records))
	}
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
// limit of them (all committed ones when limit < 0); l.mu is held.
func (l *eventLog) shown(limit int) int {
	if limit < 0 || limit > l.committed {
		return l.committed
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

// size is how many records the log has committed.
func (l *eventLog) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.committed
}
