// Package auditcli is `klient audit checkpoint|verify|replay|history|
// public-key`: the auditors' tools over the event log — signing a
// checkpoint, verifying every hash chain and checkpoint, a stream's state
// as it stood and its history — and the signing key they use, which
// serve's background job signs with too (Checkpoints). cmd/klient parses
// the shared flags and opens the log (Open); what a verb does and prints
// is here. Output names streams and IDs, never a person's data.
package auditcli

import (
	"context"
	"errors"
	"flag"
	"io"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/eventstore"
)

// Usage lists `klient audit`'s subcommands.
const Usage = `usage: klient audit <command> [flags]
  checkpoint                          sign a checkpoint over the log written since the last one
  verify [--stream S] [--since T]     recompute every hash, follow every chain, check every checkpoint
         [--public-key FILE]
  replay --stream S [--at T | --position P]
                                      print a stream's state as it stood then
  history --stream S [--json]         print every event of a stream: who, when, what changed
  public-key                          print the checkpoint signing key's public half (PEM)`

// Env is what a verb acts on, from the app of `klient`.
type Env struct {
	// DataDir is where the signing key is made when none is named.
	DataDir string
	// Zone is the firm's (Europe/Stockholm): times are printed and read in it.
	Zone *time.Location
	// Store, Codec and Pool are the opened log (nil for public-key, which
	// needs only the key file). Pool keeps an EventStoreDB cluster's
	// checkpoints.
	Store eventstore.Store
	Codec *eventstore.Codec
	Pool  *pgxpool.Pool
	// Progress draws verify's progress under label.
	Progress func(label string) func(done, total uint64)
}

// Open parses a verb's args — the shared flags and those flags registers —
// and, when log is set, opens the event log; the caller of the verb calls
// closeLog when it is done. cmd/klient gives it.
type Open func(verb string, args []string, flags func(*flag.FlagSet), log bool) (env Env, closeLog func(), err error)

// verb is one subcommand: its own flags (registered on the shared set),
// whether it needs the log, and what it does once parsed.
type verb struct {
	flags func(*flag.FlagSet)
	log   bool
	run   func(context.Context, Env, io.Writer) error
}

// Run is `klient audit VERB …`.
func Run(ctx context.Context, args []string, stdout io.Writer, open Open) error {
	if len(args) == 0 {
		return errors.New(Usage)
	}
	var key KeyFlag
	var vf verifyFlags
	var rf replayFlags
	var hf historyFlags
	v, ok := map[string]verb{
		"checkpoint": {key.Register, true, func(ctx context.Context, env Env, w io.Writer) error { return checkpoint(ctx, env, key, w) }},
		"verify": {func(fs *flag.FlagSet) { key.Register(fs); vf.register(fs) }, true,
			func(ctx context.Context, env Env, w io.Writer) error { return verify(ctx, env, key, vf, w) }},
		"replay":     {rf.register, true, func(ctx context.Context, env Env, w io.Writer) error { return replay(ctx, env, rf, w) }},
		"history":    {hf.register, true, func(ctx context.Context, env Env, w io.Writer) error { return printHistory(ctx, env, hf, w) }},
		"public-key": {key.Register, false, func(_ context.Context, env Env, w io.Writer) error { return publicKey(env, key, w) }},
	}[args[0]]
	if !ok {
		return errors.New(Usage)
	}
	env, closeLog, err := open(args[0], args[1:], v.flags, v.log)
	if err != nil {
		return err
	}
	defer closeLog()
	return v.run(ctx, env, stdout)
}
