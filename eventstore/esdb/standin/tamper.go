package standin

import "github.com/google/uuid"

// Stored is what the log keeps of one event that a tampering test may
// change: what someone who can write the cluster's chunk files could.
type Stored struct {
	ID       uuid.UUID
	Type     string
	Data     []byte
	Metadata []byte
}

// Alter hands change stream's event at version, as stored, and keeps what
// change leaves: nothing is checked again, positions stay. It reports
// whether the event exists. For the audit's tests only: a real cluster's
// events cannot be changed through its API.
func (s *Server) Alter(stream string, version uint64, change func(*Stored)) bool {
	l := s.log
	l.mu.Lock()
	defer l.mu.Unlock()
	r := l.at(stream, version)
	if r == nil {
		return false
	}
	st := Stored{ID: r.id, Type: r.eventType, Data: append([]byte(nil), r.data...), Metadata: append([]byte(nil), r.metadata...)}
	change(&st)
	r.id, r.eventType, r.data, r.metadata = st.ID, st.Type, st.Data, st.Metadata
	return true
}

// Remove takes stream's event at version out of the log, leaving a gap in
// the stream's revisions, as cutting it out of a chunk file would. It
// reports whether the event existed. The node's memory of event IDs is not
// told: append nothing to the log after tampering with it.
func (s *Server) Remove(stream string, version uint64) bool {
	l := s.log
	l.mu.Lock()
	defer l.mu.Unlock()
	idx := -1
	for _, i := range l.streams[stream] {
		if l.records[i].revision == version {
			idx = i
		}
	}
	if idx < 0 {
		return false
	}
	l.records = append(l.records[:idx], l.records[idx+1:]...)
	if idx < l.committed {
		l.committed--
	}
	l.streams = map[string][]int{}
	for i, r := range l.records {
		l.streams[r.stream] = append(l.streams[r.stream], i)
	}
	l.notify()
	return true
}

// at is stream's record with revision version, or nil; l.mu is held.
func (l *eventLog) at(stream string, version uint64) *record {
	for _, i := range l.streams[stream] {
		if l.records[i].revision == version {
			return &l.records[i]
		}
	}
	return nil
}

// Truncate keeps the log's first n events (system events included), as a
// cluster restored from a backup taken when it held n records would. The
// node's memory of event IDs is not told: tests restore, then read.
func (s *Server) Truncate(n int) {
	l := s.log
	l.mu.Lock()
	defer l.mu.Unlock()
	if n >= len(l.records) {
		return
	}
	l.records = l.records[:n]
	l.committed = min(l.committed, n)
	l.next = firstPosition
	if n > 0 {
		last := l.records[n-1]
		l.next = last.position + proposal{eventType: last.eventType, data: last.data, metadata: last.metadata}.size(last.stream)
	}
	l.streams = map[string][]int{}
	for i, r := range l.records {
		l.streams[r.stream] = append(l.streams[r.stream], i)
	}
	l.notify()
}

// Records is how many records the log holds, system events included.
func (s *Server) Records() int { return s.log.size() }
