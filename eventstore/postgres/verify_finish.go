package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// closeCheckpoint checks cp once the walk has passed its position. A
// checkpoint lies below the read horizon of its time, so every
// predecessor of an event before it was committed before it too: an event
// still waiting for its predecessor here waits for ever, and is reported
// where it stands: a removed event is found at its place. When the count
// still matches the signed one but the digest does not, events were moved
// under the checkpoint (which also leaves one waiting), and that is said.
func (w *walker) closeCheckpoint(cp Checkpoint) {
	if w.opts.PublicKey != nil && !cp.VerifySignature(w.opts.PublicKey) {
		w.breakAtCheckpoint(cp, "the signature does not verify with this public key")
		return
	}
	moved := w.events == cp.Events && w.digest != cp.Digest
	if r := w.firstHeld(); r != nil && !moved {
		w.breakAtGap(r)
		return
	}
	switch {
	case w.events != cp.Events:
		w.breakAtCheckpoint(cp, fmt.Sprintf("the log holds %d events up to here but %d were signed: "+
			"events were removed or inserted", w.events, cp.Events))
	case moved:
		w.breakAtCheckpoint(cp, "the events up to here are not the ones signed: "+
			"events were changed or reordered and their hashes recomputed")
	default:
		w.checked++
	}
}

// finish checks what only the end of the walk can show: checkpoints after
// the last event (the log's tail was removed) and events whose
// predecessors never came. Walking one stream, it checks the signatures.
func (w *walker) finish() {
	for _, cp := range w.checkpoints {
		if w.broken != nil {
			return
		}
		if w.opts.Stream == "" {
			w.closeCheckpoint(cp)
		} else if w.opts.PublicKey != nil && !cp.VerifySignature(w.opts.PublicKey) {
			w.breakAtCheckpoint(cp, "the signature does not verify with this public key")
		} else {
			w.checked++
		}
	}
	if r := w.firstHeld(); r != nil && w.broken == nil {
		w.breakAtGap(r)
	}
}

// checkStreamHeads compares each walked stream's chain end with the
// version its streams row records: a removed last event shows here even
// before a checkpoint covers it (unless the row was edited too, which the
// checkpoint then catches).
func (w *walker) checkStreamHeads(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, `SELECT stream, last_version FROM streams WHERE $1 = '' OR stream = $1`, w.opts.Stream)
	if err != nil {
		return err
	}
	var stream string
	var last int64
	_, err = pgx.ForEachRow(rows, []any{&stream, &last}, func() error {
		w.checkHead(stream, last)
		return nil
	})
	return err
}

func (w *walker) checkHead(stream string, last int64) {
	st := w.streams[stream]
	switch {
	case w.broken != nil:
	case st == nil && w.anchor.ID == 0:
		w.broken = &BrokenLink{Stream: stream, Version: uint64(last), Problem: "the stream has no events left"}
	case st != nil && int64(st.next)-1 != last:
		w.broken = &BrokenLink{Stream: stream, Version: uint64(last), Problem: fmt.Sprintf(
			"the stream's last version is recorded as %d but its chain ends at %d: events at its end were removed",
			last, int64(st.next)-1)}
	}
}

func (w *walker) breakAtCheckpoint(cp Checkpoint, problem string) {
	if w.broken == nil {
		w.broken = &BrokenLink{Position: cp.Position, Checkpoint: cp.ID, Problem: problem}
	}
}

func (w *walker) report() VerifyReport {
	return VerifyReport{Events: w.walked, Streams: len(w.streams), Checkpoints: w.checked,
		Anchor: w.anchor, Signatures: w.opts.PublicKey != nil, Broken: w.broken}
}
