package postgres

import (
	"bytes"
	"fmt"
)

// link places r in its stream's chain. In (xid, seq) order a stream's
// version can arrive before its predecessor (two appends racing for the
// stream after taking their transaction IDs), so an early version waits
// until its predecessor comes; one that never comes is reported by the
// next checkpoint or at the end. In version order a jump is a gap at once.
func (w *walker) link(r *walkRow) {
	st := w.streams[r.link.Stream]
	if st == nil {
		st = &streamLink{}
		w.streams[r.link.Stream] = st
	}
	switch {
	case r.link.Version == st.next:
		w.check(st, r)
		w.drain(st, r.link.Stream)
	case r.link.Version > st.next && w.opts.Stream == "":
		w.hold(r)
	case r.link.Version > st.next:
		w.breakAtGap(r)
	default:
		w.breakAt(r, fmt.Sprintf("version %d of this stream appears more than once", r.link.Version))
	}
}

// check recomputes r's hash from the stream's previous hash and compares
// it with the stored one; the chain then continues from the recomputed
// hash, so a forged stored hash cannot carry the chain on.
func (w *walker) check(st *streamLink, r *walkRow) {
	if st.gap {
		w.breakAt(r, fmt.Sprintf("version %d of this stream is missing", r.link.Version-1))
		return
	}
	sum := w.hasher.Hash(st.hash, &r.link)
	switch {
	case r.stored == nil:
		w.breakAt(r, "the event has no hash")
	case !bytes.Equal(r.stored, sum[:]):
		w.breakAt(r, "the stored hash does not match the event: its stream, version, ID, type, "+
			"schema version, data or metadata were changed, or it no longer follows the stream's previous event")
	}
	st.next, st.hash = st.next+1, sum
}

// drain links the held events that r's arrival lets follow.
func (w *walker) drain(st *streamLink, stream string) {
	held := w.pending[stream]
	for w.broken == nil && len(held) > 0 {
		r, ok := held[st.next]
		if !ok {
			return
		}
		delete(held, st.next)
		w.check(st, r)
	}
	if len(held) == 0 {
		delete(w.pending, stream)
	}
}

func (w *walker) hold(r *walkRow) {
	held := w.pending[r.link.Stream]
	if held == nil {
		held = map[uint64]*walkRow{}
		w.pending[r.link.Stream] = held
	}
	if _, dup := held[r.link.Version]; dup {
		w.breakAt(r, fmt.Sprintf("version %d of this stream appears more than once", r.link.Version))
		return
	}
	held[r.link.Version] = r.detach()
}

// firstHeld is the earliest event (by position) still waiting for its
// predecessor, or nil.
func (w *walker) firstHeld() *walkRow {
	var first *walkRow
	for _, held := range w.pending {
		for _, r := range held {
			if first == nil || r.pos.Less(first.pos) {
				first = r
			}
		}
	}
	return first
}

// breakAtGap reports that the versions before r never came.
func (w *walker) breakAtGap(r *walkRow) {
	next := uint64(0)
	if st := w.streams[r.link.Stream]; st != nil {
		next = st.next
	}
	w.breakAt(r, fmt.Sprintf("version %d of this stream is missing (the chain jumps from version %d to %d)",
		next, int64(next)-1, r.link.Version))
}

func (w *walker) breakAt(r *walkRow, problem string) {
	if w.broken == nil {
		w.broken = &BrokenLink{Stream: r.link.Stream, Version: r.link.Version, Position: r.pos,
			EventID: r.link.EventID, Problem: problem}
	}
}
