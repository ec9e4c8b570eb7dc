package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

// runTombstones: `klient tombstones export [--to FILE]` appends the key
// store's tombstones to the journal (default <data-dir>/tombstones.jsonl):
// run it after erasures, or let serve's daily job do it, and keep the file
// apart from the backups.
func runTombstones(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "export" {
		return errors.New("usage: klient tombstones export [--to FILE]")
	}
	var to string
	cfg, _, err := parseConfig("tombstones export", args[1:], stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&to, "to", "", "the journal to append to; default <data-dir>/"+journalName)
	})
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if to == "" {
		to = a.tombstoneJournal()
	}
	n, err := a.exportTombstones(ctx, to)
	if err != nil {
		return err
	}
	list, err := readJournal(to)
	fmt.Fprintf(stdout, "%d tombstones added to %s (%d in all)\n", n, to, len(list))
	return err
}
