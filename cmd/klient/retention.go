package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/gdpr"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

const retentionUsage = "usage: klient retention run [--dry-run] [--retention-rules FILE] | log [--category C] [--subject ID] [--limit N]"

// runRetention: `klient retention run` deletes what the retention schedule
// says must go (with --dry-run it lists it), and `klient retention log`
// shows the deletion log. Both name records by pseudonym only.
func runRetention(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "run" && args[0] != "log") {
		return errors.New(retentionUsage)
	}
	if args[0] == "log" {
		return runRetentionLog(ctx, args[1:], stdout)
	}
	var dryRun bool
	var rulesFile string
	cfg, _, err := parseConfig("retention run", args[1:], stdout, func(fs *flag.FlagSet) {
		fs.BoolVar(&dryRun, "dry-run", false, "list what would be deleted, and delete nothing")
		fs.StringVar(&rulesFile, "retention-rules", env("KLIENT_RETENTION_RULES", ""), "JSON file of retention rules overriding the defaults (KLIENT_RETENTION_RULES)")
	})
	if err != nil {
		return err
	}
	rules, err := loadRetentionRules(rulesFile)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	h, err := a.retentionHandler(rules, now)
	if err != nil {
		return err
	}
	report, err := a.retain(ctx, h, dryRun, now)
	printRetention(stdout, report, dryRun)
	return err
}

// retain runs h once and records the run (unless dry) on clock;
// failures are in the report and make the error.
func (a *app) retain(ctx context.Context, h *gdprcmd.RetentionHandler, dryRun bool, clock func() time.Time) (gdprcmd.RetentionReport, error) {
	started := clock()
	report, err := h.Handle(ctx, gdprcmd.RunRetention{Actor: retentionActor, DryRun: dryRun})
	if dryRun || (err != nil && len(report.Due) == 0) {
		return report, err
	}
	run := gdprmodel.RetentionRun{StartedAt: started, FinishedAt: clock(), RunBy: retentionActor.ID, Failed: int64(len(report.Failed))}
	for _, d := range report.Deleted {
		run.Deleted += d.Records
	}
	err = errors.Join(err, gdprmodel.RecordRetentionRun(ctx, a.pool, run))
	for _, f := range report.Failed {
		a.log.Warn("retention: not deleted", "category", f.Item.Category, "record", pseudonym(f.Item.RecordID), "error", f.Err)
	}
	if err == nil && len(report.Failed) > 0 {
		err = fmt.Errorf("%d items were not deleted; the next run tries again", len(report.Failed))
	}
	return report, err
}

func printRetention(w io.Writer, r gdprcmd.RetentionReport, dryRun bool) {
	items, verb := r.Deleted, "deleted"
	if dryRun {
		items, verb = r.Due, "would be deleted"
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CATEGORY\tPSEUDONYM\tRULE\tDUE ON\tRECORDS")
	for _, it := range items {
		fmt.Fprintf(tw, "%s\t%s\t%s from %s\t%s\t%s\n", it.Category, pseudonym(it.RecordID),
			gdprmodel.ISOPeriod(it.Rule.Period), it.Rule.Trigger, it.DueOn, records(it))
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "%d items %s; %d contacts kept by a statutory hold; %d failed\n", len(items), verb, r.Held, len(r.Failed))
	for _, f := range r.Failed {
		fmt.Fprintf(w, "failed: %s %s: %s\n", f.Item.Category, pseudonym(f.Item.RecordID), oneLine(f.Err.Error()))
	}
}

// records is an item's count; the expired sessions are counted only as
// they are deleted.
func records(it gdprcmd.RetentionItem) string {
	if it.Category == gdpr.CategorySession && it.Records == 0 {
		return "the expired"
	}
	return strconv.FormatInt(it.Records, 10)
}

// pseudonym is how a record is named outside the database: its
// SubjectHash, or "-" for a batch.
func pseudonym(id string) string {
	if id == "" {
		return "-"
	}
	return gdprmodel.SubjectHash(id)
}
