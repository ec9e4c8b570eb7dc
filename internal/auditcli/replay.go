package auditcli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

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

func (r replayFlags) cutoff(zone *time.Location) (history.Cutoff, error) {
	var c history.Cutoff
	if r.stream == "" || (r.at != "" && r.position != "") {
		return c, errors.New("usage: klient audit replay --stream S [--at T | --position P]")
	}
	var err error
	if r.at != "" {
		c.At, err = parseAuditTime(r.at, zone)
	}
	if r.position != "" {
		p, perr := history.ParsePosition(r.position)
		c.Pos, err = &p, perr
	}
	return c, err
}

// replay: `klient audit replay --stream S [--at T | --position P]` prints
// the state and the last event it folds.
func replay(ctx context.Context, env Env, rf replayFlags, stdout io.Writer) error {
	cut, err := rf.cutoff(env.Zone)
	if err != nil {
		return err
	}
	out, err := Replay(ctx, env, rf.stream, cut)
	if err != nil {
		return err
	}
	return writeJSON(stdout, out)
}

// Replay folds stream's events up to cut into its state then.
func Replay(ctx context.Context, env Env, stream string, cut history.Cutoff) (history.Replayed, error) {
	r, err := history.NewReader(env.Store, env.Codec)
	if err != nil {
		return history.Replayed{}, err
	}
	out, err := r.Replay(ctx, stream, cut)
	if errors.Is(err, history.ErrNoStream) {
		return out, fmt.Errorf("there is no stream %q", stream)
	}
	return out, err
}
