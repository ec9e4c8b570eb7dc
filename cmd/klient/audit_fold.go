package main

import (
	"strings"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
)

// foldFunc turns a stream's events, in version order, into the state they
// describe, ready to print as JSON.
type foldFunc func(stream string, events []auditEvent) any

// folds maps stream prefixes to the aggregate folds replay can call; the
// first match wins. Streams of any other kind replay as their event list.
var folds = []struct {
	prefix string
	fold   foldFunc
}{
	{contact.StreamName(""), foldContact},
	{strings.TrimSuffix(matter.NumberingStream(0), "0000"), foldEvents}, // shares the matters' prefix
	{matter.StreamName(""), foldMatter},
}

func foldFor(stream string) foldFunc {
	for _, f := range folds {
		if strings.HasPrefix(stream, f.prefix) {
			return f.fold
		}
	}
	return foldEvents
}

// foldEvents is the state of a stream without an aggregate fold here: its
// events, each with what it changed.
func foldEvents(_ string, events []auditEvent) any {
	out := make([]eventView, len(events))
	for i, e := range events {
		out[i] = viewOf(e)
	}
	return out
}

// aggregate is an aggregate's evolve side: Apply, or ApplyErased for an
// event whose subject's key is gone.
type aggregate interface {
	Apply(domain.Event)
	ApplyErased(domain.Event)
}

// replayInto applies events to agg as the commands do when they load it.
func replayInto(agg aggregate, subject string, events []auditEvent) {
	for _, e := range events {
		if e.IsErased(subject) {
			agg.ApplyErased(e.Event)
		} else {
			agg.Apply(e.Event)
		}
	}
}
