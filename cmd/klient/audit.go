package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
)

// auditUsage lists `klient audit`'s subcommands.
const auditUsage = `usage: klient audit <command> [flags]
  checkpoint                          sign a checkpoint over the log written since the last one
  verify [--stream S] [--since T]     recompute every hash, follow every chain, check every checkpoint
         [--public-key FILE]
  replay --stream S [--at T | --position P]
                                      print a stream's state as it stood then
  history --stream S [--json]         print every event of a stream: who, when, what changed
  public-key                          print the checkpoint signing key's public half (PEM)`

// runAudit: `klient audit …`, the auditors' tools over the event log.
func runAudit(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New(auditUsage)
	}
	run, ok := map[string]func(context.Context, []string, io.Writer) error{
		"checkpoint": runAuditCheckpoint,
		"verify":     runAuditVerify,
		"replay":     runAuditReplay,
		"history":    runAuditHistory,
		"public-key": runAuditPublicKey,
	}[args[0]]
	if !ok {
		return errors.New(auditUsage)
	}
	return run(ctx, args[1:], stdout)
}

// auditKeyFlag is the signing key's file: a flag, else KLIENT_AUDIT_KEY,
// else <data-dir>/audit-signing-key.pem (created on first use).
type auditKeyFlag struct{ path string }

func (k *auditKeyFlag) register(fs *flag.FlagSet) {
	fs.StringVar(&k.path, "audit-key", os.Getenv("KLIENT_AUDIT_KEY"),
		"PEM file of the Ed25519 checkpoint signing key; default <data-dir>/audit-signing-key.pem, created on first use (KLIENT_AUDIT_KEY)")
}

// location is the key file and whether it may be created there.
func (k auditKeyFlag) location(cfg Config) (string, bool) {
	if k.path != "" {
		return k.path, false
	}
	return filepath.Join(cfg.DataDir, "audit-signing-key.pem"), true
}

// openAuditApp parses flags (the shared ones, the key's when key is not
// nil, and extra) and opens the app.
func openAuditApp(ctx context.Context, name string, args []string, stdout io.Writer, key *auditKeyFlag,
	extra func(*flag.FlagSet)) (*app, *flag.FlagSet, error) {
	cfg, fs, err := parseConfig("audit "+name, args, stdout, func(fs *flag.FlagSet) {
		if key != nil {
			key.register(fs)
		}
		if extra != nil {
			extra(fs)
		}
	})
	if err != nil {
		return nil, fs, err
	}
	a, err := openApp(ctx, cfg)
	return a, fs, err
}
