// Package logscrub wraps a slog.Handler so that no log line carries an
// error's raw text: every attribute whose value is an error (also inside
// groups, and what a slog.LogValuer resolves to) is replaced by
// domain.Loggable of it before the wrapped handler sees it. A PostgreSQL
// error's message, which may quote the value that broke a rule, thus never
// reaches the log; its SQLSTATE does.
//
// It cannot scrub an error already turned into text: a message built with
// err.Error() or fmt's %v, or slog.String("error", err.Error()). Pass the
// error itself ("error", err).
package logscrub

import (
	"context"
	"log/slog"

	"github.com/klient-crm/klient/domain"
)

// New returns a handler that scrubs errors, then hands the record to inner.
func New(inner slog.Handler) slog.Handler { return handler{inner: inner} }

type handler struct{ inner slog.Handler }

func (h handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

func (h handler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, r.Message, r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(scrub(a))
		return true
	})
	return h.inner.Handle(ctx, out)
}

func (h handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return handler{inner: h.inner.WithAttrs(scrubAll(attrs))}
}

func (h handler) WithGroup(name string) slog.Handler {
	return handler{inner: h.inner.WithGroup(name)}
}

func scrubAll(attrs []slog.Attr) []slog.Attr {
	out := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		out[i] = scrub(a)
	}
	return out
}

// scrub returns a with every error in its (resolved) value described by
// domain.Loggable.
func scrub(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindGroup:
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(scrubAll(v.Group())...)}
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, loggable(err))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// loggable is domain.Loggable, but an Error method that panics (a nil
// pointer's, say) costs only the attribute, as it does in slog's own
// handlers, not the process.
func loggable(err error) (s string) {
	defer func() {
		if r := recover(); r != nil {
			s = "!PANIC: the error could not describe itself"
		}
	}()
	return domain.Loggable(err)
}
