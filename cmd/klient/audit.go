package main

import (
	"context"
	"flag"
	"io"

	"github.com/klient-crm/klient/internal/auditcli"
)

// runAudit: `klient audit …`, the auditors' tools over the event log
// (internal/auditcli); here the shared flags are parsed and the app opened.
func runAudit(ctx context.Context, args []string, stdout io.Writer) error {
	return auditcli.Run(ctx, args, stdout, func(verb string, args []string, flags func(*flag.FlagSet), log bool) (auditcli.Env, func(), error) {
		cfg, _, err := parseConfig("audit "+verb, args, stdout, flags)
		if err != nil {
			return auditcli.Env{}, nil, err
		}
		if !log {
			return auditEnv(cfg, nil, stdout), func() {}, nil
		}
		a, err := openApp(ctx, cfg)
		if err != nil {
			return auditcli.Env{}, nil, err
		}
		return auditEnv(cfg, a, stdout), a.Close, nil
	})
}

// auditEnv is what the audit verbs act on: the app's log when a is opened.
func auditEnv(cfg Config, a *app, stdout io.Writer) auditcli.Env {
	env := auditcli.Env{DataDir: cfg.DataDir, Zone: stockholm(),
		Progress: func(label string) func(done, total uint64) { return newProgressBar(stdout, label).Update }}
	if a != nil {
		env.Store, env.Codec, env.Pool = a.store, a.codec, a.pool
	}
	return env
}
