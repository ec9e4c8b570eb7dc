package main

import (
	"log/slog"
	"os"
	"time"
)

// newLogger writes JSON lines to stderr. Nothing logs personal data: only
// names of commands and events, IDs and counts.
func newLogger(cfg Config) *slog.Logger {
	level, _ := cfg.level() // Validate has checked it
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}

func now() time.Time { return time.Now().UTC() }
