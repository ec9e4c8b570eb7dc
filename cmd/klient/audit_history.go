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

	"github.com/klient-crm/klient/projections/audit/history"
)

// eventView is one event as history prints it: who, when, what changed.
type eventView = history.EventView

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
	r, err := a.auditHistory()
	if err != nil {
		return err
	}
	events, err := r.Read(ctx, stream, history.Cutoff{}, false)
	if errors.Is(err, history.ErrNoStream) {
		return fmt.Errorf("there is no stream %q", stream)
	}
	if err != nil {
		return err
	}
	views := history.Views(events)
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
