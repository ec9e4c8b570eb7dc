package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/internal/backup"
	"github.com/klient-crm/klient/internal/retention"
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
	rules, err := retentionRules(rulesFile)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	jobs := a.retentionJobs()
	h, err := jobs.Handler(rules, now)
	if err != nil {
		return err
	}
	// The schedule is read from the read models, so they are brought up to
	// the log first (on a fresh database `relation "contacts_v1" does not
	// exist`), and the run rewrites its erasures' rows out of the
	// database's files once they have applied them: run the projectors
	// meanwhile (as a standby if a server leads them).
	pctx, cancel := context.WithCancel(ctx)
	projectors := make(chan error, 1)
	go func() { projectors <- a.runtime.Run(pctx) }()
	defer func() { cancel(); <-projectors }()
	if err := a.catchUpAll(ctx); err != nil {
		return err
	}
	report, err := jobs.Run(ctx, h, dryRun, now)
	printRetention(stdout, report, dryRun)
	return err
}

// retentionRules is the firm's schedule: the defaults, what the rules
// file overrides, and the review queue's time limit from
// KLIENT_HELD_MAIL_DAYS (30 days by default).
func retentionRules(rulesFile string) (gdpr.RetentionRules, error) {
	rules, err := retention.LoadRules(rulesFile)
	if err != nil {
		return nil, err
	}
	days := env("KLIENT_HELD_MAIL_DAYS", "")
	if days == "" {
		return rules, nil
	}
	n, err := strconv.Atoi(days)
	if err != nil {
		return nil, fmt.Errorf("KLIENT_HELD_MAIL_DAYS is not a whole number of days: %q", days)
	}
	return rules.WithHeldMailDays(n)
}

// retentionJobs are the retention jobs over a's parts, erasing through
// a's erasure executor.
func (a *app) retentionJobs() retention.Jobs {
	return retention.Jobs{Pool: a.pool, Keys: a.keyring, Runtime: a.runtime, Secrets: a.secrets, Log: a.log,
		Executor: a.erasures().Executor, Clock: now}
}

// runRetentionDaily runs the schedule once a day across the fleet until
// ctx ends (serve's background job), and after each look brings the
// tombstone journal up to date.
func (a *app) runRetentionDaily(ctx context.Context) {
	a.retentionJobs().Daily(ctx, a.retention, func(ctx context.Context) {
		if _, err := backup.ExportTombstones(ctx, a.keyring, backup.JournalIn(a.cfg.DataDir)); err != nil && ctx.Err() == nil {
			a.log.Warn("tombstone journal not brought up to date", "error", err)
		}
	})
}

func printRetention(w io.Writer, r gdprcmd.RetentionReport, dryRun bool) {
	items, verb := r.Deleted, "deleted"
	if dryRun {
		items, verb = r.Due, "would be deleted"
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CATEGORY\tPSEUDONYM\tRULE\tDUE ON\tRECORDS")
	for _, it := range items {
		fmt.Fprintf(tw, "%s\t%s\t%s from %s\t%s\t%s\n", it.Category, retention.Pseudonym(it.RecordID),
			gdprmodel.ISOPeriod(it.Rule.Period), it.Rule.Trigger, it.DueOn, records(it))
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "%d items %s; %d contacts kept by a statutory hold; %d failed\n", len(items), verb, r.Held, len(r.Failed))
	for _, f := range r.Failed {
		fmt.Fprintf(w, "failed: %s %s: %s\n", f.Item.Category, retention.Pseudonym(f.Item.RecordID), oneLine(f.Err.Error()))
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
	if known := deletionCategories(); f.Category != "" && !slices.Contains(known, f.Category) {
		return say("okänd kategori %q; kategorierna är %s", "unknown category %q; the categories are %s",
			f.Category, strings.Join(known, ", "))
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

// deletionCategories are the categories the deletion log holds: an
// erasure's, and each of the retention schedule's.
func deletionCategories() []string {
	out := []string{gdprmodel.CategoryErasure}
	for _, c := range gdpr.Categories {
		out = append(out, string(c))
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
