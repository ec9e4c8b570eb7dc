package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/klient-crm/klient/projections/audit/history"
)

// replayFlags are `klient audit replay`'s own flags.
type replayFlags struct {
	stream, at, position string
}

func (r *replayFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.stream, "stream", "", "the stream, e.g. contact-<id> (required)")
	fs.StringVar(&r.at, "at", "", "the moment (RFC 3339, or YYYY-MM-DD[ HH:MM:SS] in Stockholm); default: now")
	fs.StringVar(&r.position, "position", "", "a position of the log, COMMIT/PREPARE as history prints it")
}

func (r replayFlags) cutoff() (history.Cutoff, error) {
	var c history.Cutoff
	if r.stream == "" || (r.at != "" && r.position != "") {
		return c, errors.New("usage: klient audit replay --stream S [--at T | --position P]")
	}
	var err error
	if r.at != "" {
		c.At, err = parseAuditTime(r.at)
	}
	if r.position != "" {
		p, perr := history.ParsePosition(r.position)
		c.Pos, err = &p, perr
	}
	return c, err
}

// replayed is what replay prints: the state and the last event it folds.
type replayed = history.Replayed

// runAuditReplay: `klient audit replay --stream S [--at T | --position P]`.
func runAuditReplay(ctx context.Context, args []string, stdout io.Writer) error {
	var rf replayFlags
	a, _, err := openAuditApp(ctx, "replay", args, stdout, nil, rf.register)
	if err != nil {
		return err
	}
	defer a.Close()
	cut, err := rf.cutoff()
	if err != nil {
		return err
	}
	out, err := a.replayStream(ctx, rf.stream, cut)
	if err != nil {
		return err
	}
	return writeJSON(stdout, out)
}

// replayStream folds stream's events up to cut into its state then.
func (a *app) replayStream(ctx context.Context, stream string, cut history.Cutoff) (replayed, error) {
	r, err := a.auditHistory()
	if err != nil {
		return replayed{}, err
	}
	out, err := r.Replay(ctx, stream, cut)
	if errors.Is(err, history.ErrNoStream) {
		return out, fmt.Errorf("there is no stream %q", stream)
	}
	return out, err
}

// auditHistory reads the log for replay and history, as the web pages do.
func (a *app) auditHistory() (*history.Reader, error) {
	return history.NewReader(a.store, a.codec)
}
