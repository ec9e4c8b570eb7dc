package auditcli

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

// historyFlags are `klient audit history`'s own flags.
type historyFlags struct {
	stream string
	asJSON bool
}

func (h *historyFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&h.stream, "stream", "", "the stream, e.g. contact-<id> (required)")
	fs.BoolVar(&h.asJSON, "json", false, "print JSON instead of a table")
}

// printHistory: `klient audit history --stream S [--json]`, every event of
// a stream as the web pages read it: who, when, what changed.
func printHistory(ctx context.Context, env Env, hf historyFlags, stdout io.Writer) error {
	if hf.stream == "" {
		return errors.New("usage: klient audit history --stream S [--json]")
	}
	r, err := history.NewReader(env.Store, env.Codec)
	if err != nil {
		return err
	}
	events, err := r.Read(ctx, hf.stream, history.Cutoff{}, false)
	if errors.Is(err, history.ErrNoStream) {
		return fmt.Errorf("there is no stream %q", hf.stream)
	}
	if err != nil {
		return err
	}
	views := history.Views(events)
	if hf.asJSON {
		return writeJSON(stdout, views)
	}
	return writeHistoryTable(stdout, views, env.Zone)
}

func writeHistoryTable(w io.Writer, views []history.EventView, zone *time.Location) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tRECORDED\tACTOR\tTYPE\tCHANGES")
	for _, v := range views {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", v.Version, v.RecordedAt.In(zone).Format(time.DateTime),
			v.Actor, v.Type, v.Changes)
	}
	return tw.Flush()
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
