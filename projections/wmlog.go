package projections

import (
	"context"
	"log/slog"

	"github.com/ThreeDotsLabs/watermill"
)

// wmLogger hands Watermill's logs to slog with every error scrubbed:
// Watermill logs the handler's error verbatim, and that error may come from
// PostgreSQL. Watermill's Info is chatty lifecycle noise, so it goes to Debug.
type wmLogger struct{ log *slog.Logger }

var _ watermill.LoggerAdapter = wmLogger{}

func (l wmLogger) Error(msg string, err error, fields watermill.LogFields) {
	l.emit(slog.LevelError, msg, append(attrs(fields), slog.String("error", safeError(err))))
}

func (l wmLogger) Info(msg string, fields watermill.LogFields) {
	l.emit(slog.LevelDebug, msg, attrs(fields))
}

func (l wmLogger) Debug(msg string, fields watermill.LogFields) {
	l.emit(slog.LevelDebug, msg, attrs(fields))
}

func (l wmLogger) Trace(msg string, fields watermill.LogFields) {
	l.emit(slog.LevelDebug-4, msg, attrs(fields))
}

func (l wmLogger) With(fields watermill.LogFields) watermill.LoggerAdapter {
	return wmLogger{log: l.log.With(attrs(fields)...)}
}

func (l wmLogger) emit(level slog.Level, msg string, args []any) {
	l.log.Log(context.Background(), level, "watermill: "+msg, args...)
}

func attrs(fields watermill.LogFields) []any {
	out := make([]any, 0, len(fields))
	for k, v := range fields {
		out = append(out, slog.Any(k, v))
	}
	return out
}
