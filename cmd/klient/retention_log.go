package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// runRetentionLog: `klient retention log` prints the deletion log, newest
// first; --subject ID looks one person (or matter) up by their pseudonym.
func runRetentionLog(ctx context.Context, args []string, stdout io.Writer) error {
	var f gdprmodel.DeletionFilter
	var subject string
	cfg, _, err := parseConfig("retention log", args, stdout, func(fs *flag.FlagSet) {
		fs.StringVar(&f.Category, "category", "", "only this category, e.g. contact_without_basis or erasure")
		fs.StringVar(&subject, "subject", "", "only the deletions of this contact's or matter's ID")
		fs.IntVar(&f.Limit, "limit", 50, "lines to show (at most 500)")
	})
	if err != nil {
		return err
	}
	if subject != "" {
		f.Pseudonym = gdprmodel.SubjectHash(subject)
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	lines, err := gdprmodel.DeletionLog(ctx, a.pool, f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DELETED AT\tCATEGORY\tPSEUDONYM\tRULE\tDUE ON\tRECORDS\tBY\tERASURE")
	for _, d := range lines {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s %s\t%s\t%d\t%s\t%s\n", d.DeletedAt.In(stockholm()).Format("2006-01-02 15:04"),
			d.Category, orDash(d.Pseudonym), d.RulePeriod, d.RuleTrigger, d.DueOn, d.Records, d.TriggeredBy, orDash(d.ErasureID))
	}
	return tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
