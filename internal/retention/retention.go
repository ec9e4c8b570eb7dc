// Package retention applies the firm's retention schedule (storage
// limitation, art. 5.1 e): it answers the runner (commands'
// RetentionHandler) from the read models' own queries, deletes through the
// key ring, the documents, the access log and the credentials store,
// writes the deletion log, and runs the schedule once a day across the
// fleet. `klient retention run` and serve's daily job use it.
//
// A contact without a lawful basis goes through the erasure executor
// (internal/erasure's, handed in as Jobs.Executor), so a person is
// crypto-shredded and certified like any erasure, with holds weighed by
// the same rules.
//
// May import: commands, the key ring and credentials store, the domain,
// the projections runtime and read models.
package retention

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/projections"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// actor is who the runner's events and log lines name when it runs on
// its own.
var actor = journal.Actor{ID: gdprmodel.RetentionActor}

// Jobs are the app's parts retention reads and deletes through.
type Jobs struct {
	Pool    *pgxpool.Pool // read models
	Keys    *klientcrypto.Keyring
	Runtime *projections.Runtime
	Secrets *credentials.Store // expired sessions
	Log     *slog.Logger
	// Executor is the erasure executor weighing holds by rules, on clock
	// (internal/erasure's Jobs.Executor).
	Executor func(rules gdpr.RetentionRules, clock func() time.Time) (*gdprcmd.EraseSubjectHandler, error)
	Clock    func() time.Time // now, for the daily job
}

// LoadRules is the firm's schedule: the defaults with what the file at
// path (a JSON list, see gdpr.ParseRetentionRules) overrides. An empty
// path keeps the defaults.
func LoadRules(path string) (gdpr.RetentionRules, error) {
	if path == "" {
		return gdpr.DefaultRetentionRules, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("retention rules: %w", err)
	}
	overrides, err := gdpr.ParseRetentionRules(data)
	if err != nil {
		return nil, fmt.Errorf("retention rules in %s: %w", path, err)
	}
	rules := gdpr.DefaultRetentionRules.With(overrides)
	return rules, rules.Validate()
}

// Handler is the retention runner on clock, whose erasures go through an
// executor that weighs holds by the same rules.
func (j Jobs) Handler(rules gdpr.RetentionRules, clock func() time.Time) (*gdprcmd.RetentionHandler, error) {
	eraser, err := j.Executor(rules, clock)
	if err != nil {
		return nil, err
	}
	return gdprcmd.NewRetentionHandler(gdprcmd.RetentionDeps{Rules: rules, Sources: sources{j},
		Deleters: deleters{j}, Log: deletionLog{j}, Eraser: eraser})
}

// Run runs h once and records the run (unless dry) on clock; failures
// are in the report, logged by pseudonym, and make the error.
func (j Jobs) Run(ctx context.Context, h *gdprcmd.RetentionHandler, dryRun bool, clock func() time.Time) (gdprcmd.RetentionReport, error) {
	started := clock()
	report, err := h.Handle(ctx, gdprcmd.RunRetention{Actor: actor, DryRun: dryRun})
	if dryRun || (err != nil && len(report.Due) == 0) {
		return report, err
	}
	j.rewriteErased(ctx, report)
	run := gdprmodel.RetentionRun{StartedAt: started, FinishedAt: clock(), RunBy: actor.ID, Failed: int64(len(report.Failed))}
	for _, d := range report.Deleted {
		run.Deleted += d.Records
	}
	err = errors.Join(err, gdprmodel.RecordRetentionRun(ctx, j.Pool, run))
	for _, f := range report.Failed {
		j.Log.Warn("retention: not deleted", "category", f.Item.Category, "record", Pseudonym(f.Item.RecordID), "error", f.Err)
	}
	if err == nil && len(report.Failed) > 0 {
		err = fmt.Errorf("%d items were not deleted; the next run tries again", len(report.Failed))
	}
	return report, err
}

// RewriteWait bounds the wait for the read models to apply a run's
// erasures before their rows are rewritten.
const RewriteWait = 2 * time.Minute

// rewriteErased removes from the database's files what the run's
// erasures blanked: once every read model has applied the log (at most
// RewriteWait), the tables of those that hold personal data are
// rewritten, and the key table, which held the destroyed keys
// (pgrewrite). A matter file's read models were rebuilt into new tables
// already. A failure is logged: the rows are blank, their bytes wait for
// the next rewrite.
func (j Jobs) rewriteErased(ctx context.Context, report gdprcmd.RetentionReport) {
	erased, shredded := false, false
	for _, d := range report.Deleted {
		erased = erased || d.Category == gdpr.CategoryContactWithoutBasis
		shredded = shredded || erased || d.Category == gdpr.CategoryMatterFile
	}
	if !shredded {
		return
	}
	err := j.Keys.RewriteStore(ctx)
	if erased {
		head, herr := j.Runtime.Head(ctx)
		if herr == nil {
			herr = j.Runtime.RewriteErased(ctx, head, j.Runtime.Projectors(), RewriteWait)
		}
		err = errors.Join(err, herr)
	}
	if err != nil {
		j.Log.Error("retention: erased rows not yet rewritten out of the database's files", "error", err)
	}
}

// Pseudonym is how a record is named outside the database: its
// SubjectHash, or "-" for a batch.
func Pseudonym(id string) string {
	if id == "" {
		return "-"
	}
	return gdprmodel.SubjectHash(id)
}
