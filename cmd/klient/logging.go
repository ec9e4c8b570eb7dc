package main

import (
	"log/slog"
	"os"
	"time"

	"github.com/klient-crm/klient/internal/logscrub"
)

// newLogger writes JSON lines to stderr. Nothing logs personal data: only
// names of commands and events, IDs and counts; and every error attribute,
// the background jobs' too, is described by domain.Loggable (logscrub), so
// a database error's message, which may quote a value, never reaches a line.
func newLogger(cfg Config) *slog.Logger {
	level, _ := cfg.level() // Validate has checked it
	return slog.New(logscrub.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level})))
}

func now() time.Time { return time.Now().UTC() }
