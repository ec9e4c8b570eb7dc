package history

import (
	"strings"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
)

// FoldFunc turns a stream's events, in version order, into the state they
// describe, ready to print as JSON.
type FoldFunc func(stream string, events []Event) any

// folds maps stream prefixes to the aggregate folds a replay can call; the
// first match wins. Streams of any other kind replay as their event list.
var folds = []struct {
	prefix string
	fold   FoldFunc
}{
	{contact.StreamName(""), func(s string, e []Event) any { return FoldContact(s, e) }},
	{numberingPrefix, foldEvents}, // shares the matters' prefix
	{matter.StreamName(""), func(s string, e []Event) any { return FoldMatter(s, e) }},
	{access.WallStreamName(""), func(_ string, e []Event) any { return FoldWall(e) }},
}

// numberingPrefix starts the streams that hand out matter numbers.
var numberingPrefix = strings.TrimSuffix(matter.NumberingStream(0), "0000")

// FoldFor is the fold for stream: its aggregate's where there is one, else
// the list of its events.
func FoldFor(stream string) FoldFunc {
	for _, f := range folds {
		if strings.HasPrefix(stream, f.prefix) {
			return f.fold
		}
	}
	return foldEvents
}

// foldEvents is the state of a stream without an aggregate fold here: its
// events, each with what it changed.
func foldEvents(_ string, events []Event) any { return Views(events) }

// aggregate is an aggregate's evolve side: Apply, or ApplyErased for an
// event whose subject's key is gone.
type aggregate interface {
	Apply(domain.Event)
	ApplyErased(domain.Event)
}

// replayInto applies events to agg as the commands do when they load it.
// An event this build cannot decode is skipped: it changed nothing the
// aggregate knows of.
func replayInto(agg aggregate, subject string, events []Event) {
	for _, e := range events {
		switch {
		case e.Undecodable():
		case e.IsErased(subject):
			agg.ApplyErased(e.Event)
		default:
			agg.Apply(e.Event)
		}
	}
}
