package main

import (
	"flag"
	"fmt"
	"io"
)

// parseConfig parses a subcommand's flags (the shared Config plus extra)
// and validates the configuration.
func parseConfig(name string, args []string, stdout io.Writer, extra func(*flag.FlagSet)) (Config, *flag.FlagSet, error) {
	var cfg Config
	fs := flag.NewFlagSet("klient "+name, flag.ContinueOnError)
	cfg.register(fs)
	if extra != nil {
		extra(fs)
	}
	if err := parseFlags(fs, args, stdout); err != nil {
		return cfg, fs, err
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fs, fmt.Errorf("configuration: %w", err)
	}
	return cfg, fs, nil
}
