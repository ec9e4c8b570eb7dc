package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"time"
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

func (r replayFlags) cutoff() (cutoff, error) {
	var c cutoff
	if r.stream == "" || (r.at != "" && r.position != "") {
		return c, errors.New("usage: klient audit replay --stream S [--at T | --position P]")
	}
	var err error
	if r.at != "" {
		c.at, err = parseAuditTime(r.at)
	}
	if r.position != "" {
		p, perr := parsePosition(r.position)
		c.pos, err = &p, perr
	}
	return c, err
}

// replayed is what replay prints: the state and the last event it folds.
type replayed struct {
	Stream     string    `json:"stream"`
	Events     int       `json:"events"`
	Version    *uint64   `json:"version,omitempty"` // absent: the stream did not exist yet
	Position   string    `json:"position,omitempty"`
	RecordedAt time.Time `json:"recorded_at,omitzero"`
	State      any       `json:"state"`
}

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
func (a *app) replayStream(ctx context.Context, stream string, cut cutoff) (replayed, error) {
	events, err := a.readAuditStream(ctx, stream, cut, true)
	if err != nil {
		return replayed{}, err
	}
	out := replayed{Stream: stream, Events: len(events), State: foldFor(stream)(stream, events)}
	if n := len(events); n > 0 {
		last := events[n-1]
		out.Version, out.Position, out.RecordedAt = &last.Version, last.Position.String(), last.RecordedAt
	}
	return out, nil
}
