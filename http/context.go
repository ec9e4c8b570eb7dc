package http

import (
	"context"

	"github.com/klient-crm/klient/http/i18n"
)

// ctxKey keeps our request-scoped values apart from everyone else's.
type ctxKey int

const (
	correlationKey ctxKey = iota
	langKey
	actorKey
)

// CorrelationID returns the ID the access log and every log line of this
// request carry; commands put it in event metadata.
func CorrelationID(ctx context.Context) string {
	id, _ := ctx.Value(correlationKey).(string)
	return id
}

func withCorrelationID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, correlationKey, id)
}

// langOf returns the language chosen for this request (Swedish by default).
func langOf(ctx context.Context) i18n.Lang {
	if l, ok := ctx.Value(langKey).(i18n.Lang); ok {
		return l
	}
	return i18n.Default
}

func withLang(ctx context.Context, l i18n.Lang) context.Context {
	return context.WithValue(ctx, langKey, l)
}
