package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// eventView is one event as history prints it: who, when, what changed.
type eventView struct {
	Version       uint64          `json:"version"`
	Position      string          `json:"position"`
	RecordedAt    time.Time       `json:"recorded_at"`
	OccurredAt    time.Time       `json:"occurred_at"`
	Actor         string          `json:"actor"`
	Type          string          `json:"type"`
	CorrelationID string          `json:"correlation_id,omitempty"`
	Changes       json.RawMessage `json:"changes"`
	Erased        []string        `json:"erased_subjects,omitempty"`
}

func viewOf(e auditEvent) eventView {
	return eventView{Version: e.Version, Position: e.Position.String(), RecordedAt: e.RecordedAt,
		OccurredAt: e.Metadata.OccurredAt, Actor: e.Metadata.Actor, Type: e.Type,
		CorrelationID: e.Metadata.CorrelationID, Changes: changesOf(e), Erased: e.Erased}
}

// runAuditHistory: `klient audit history --stream S [--json]`.
func runAuditHistory(ctx context.Context, args []string, stdout io.Writer) error {
	var stream string
	var asJSON bool
	a, _, err := openAuditApp(ctx, "history", args, stdout, nil, func(fs *flag.FlagSet) {
		fs.StringVar(&stream, "stream", "", "the stream, e.g. contact-<id> (required)")
		fs.BoolVar(&asJSON, "json", false, "print JSON instead of a table")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if stream == "" {
		return errors.New("usage: klient audit history --stream S [--json]")
	}
	events, err := a.readAuditStream(ctx, stream, cutoff{}, false)
	if err != nil {
		return err
	}
	views := foldEvents(stream, events).([]eventView)
	if asJSON {
		return writeJSON(stdout, views)
	}
	return writeHistoryTable(stdout, views)
}

func writeHistoryTable(w io.Writer, views []eventView) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tRECORDED\tACTOR\tTYPE\tCHANGES")
	for _, v := range views {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", v.Version, v.RecordedAt.In(stockholm()).Format(time.DateTime),
			v.Actor, v.Type, v.Changes)
	}
	return tw.Flush()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
