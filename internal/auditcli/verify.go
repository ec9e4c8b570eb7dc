package auditcli

import (
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"time"

	"github.com/klient-crm/klient/eventstore"
)

// verifyFlags are `klient audit verify`'s own flags.
type verifyFlags struct {
	stream, since, publicKey string
}

func (v *verifyFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&v.stream, "stream", "", "verify one stream's chain only")
	fs.StringVar(&v.since, "since", "", "start at the last checkpoint signed by this time (RFC 3339, or YYYY-MM-DD in Stockholm)")
	fs.StringVar(&v.publicKey, "public-key", "", "PEM public key to check signatures with; default: the signing key's own")
}

// verify: `klient audit verify`. It prints the first broken link and fails
// (exit status 1) when the log is not what was written.
func verify(ctx context.Context, env Env, key KeyFlag, vf verifyFlags, stdout io.Writer) error {
	opts, err := vf.options(env, key)
	if err != nil {
		return err
	}
	log, err := Audited(env.Store, env.Pool)
	if err != nil {
		return err
	}
	opts.Progress = env.Progress("verify")
	rep, err := log.Verify(ctx, opts)
	if err != nil {
		return err
	}
	return printVerifyReport(stdout, rep, env.Zone)
}

func (vf verifyFlags) options(env Env, key KeyFlag) (eventstore.VerifyOptions, error) {
	opts := eventstore.VerifyOptions{Stream: vf.stream}
	if vf.since != "" {
		t, err := parseAuditTime(vf.since, env.Zone)
		if err != nil {
			return opts, fmt.Errorf("--since: %w", err)
		}
		opts.Since = t
	}
	var err error
	opts.PublicKey, err = vf.verifyingKey(env.DataDir, key)
	return opts, err
}

// verifyingKey is --public-key's, else the signing key's public half when
// the key file exists; verification never creates a key.
func (vf verifyFlags) verifyingKey(dataDir string, key KeyFlag) (ed25519.PublicKey, error) {
	if vf.publicKey != "" {
		return readPublicKey(vf.publicKey)
	}
	path, _ := key.location(dataDir)
	priv, err := loadAuditKey(path, false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return priv.Public().(ed25519.PublicKey), nil
}

func printVerifyReport(w io.Writer, rep eventstore.VerifyReport, zone *time.Location) error {
	if rep.Anchor.ID != 0 {
		fmt.Fprintf(w, "started at checkpoint %d (%s, %d events)\n", rep.Anchor.ID,
			rep.Anchor.CreatedAt.In(zone).Format(time.DateTime), rep.Anchor.Events)
	}
	if !rep.Signatures {
		fmt.Fprintln(w, "warning: no public key, checkpoint signatures NOT checked (pass --public-key)")
	}
	if rep.Broken != nil {
		fmt.Fprintf(w, "BROKEN: %s\n", rep.Broken)
		return fmt.Errorf("the event log fails verification at %s", rep.Broken)
	}
	if rep.Unchained > 0 {
		fmt.Fprintf(w, "note: %d events were written before the store chained them: hashed here, covered from the first checkpoint on\n", rep.Unchained)
	}
	_, err := fmt.Fprintf(w, "verified: %d events in %d streams, %d checkpoints\n", rep.Events, rep.Streams, rep.Checkpoints)
	return err
}

// parseAuditTime reads an instant: RFC 3339, or a date (its midnight in
// the firm's zone), or a date and time there.
func parseAuditTime(s string, zone *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{time.DateOnly, time.DateTime, "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time: use RFC 3339 or YYYY-MM-DD[ HH:MM:SS]", s)
}
