package gdpr

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// RunRetention deletes what the firm's retention schedule says must go:
// contacts without a lawful basis or an active matter, once their period
// is over and no statutory hold keeps them (through the erasure executor,
// so a person is crypto-shredded and certified like any erasure); closed
// matters' files, with their communications and documents, once the file's
// period is over; access-log entries and expired sessions by age. Each
// deletion is logged without personal data.
type RunRetention struct {
	Actor  journal.Actor // a system actor for the daily job, or the staff member who runs it
	DryRun bool          // plan only: nothing is deleted or logged
}

// RetentionReport is what a run found and did.
type RetentionReport struct {
	Due     []RetentionItem    // the plan
	Deleted []RetentionItem    // carried out; a batch's Records is what went
	Failed  []RetentionFailure // not carried out this time; the next run tries again
	// Held counts contacts past their own period whom a statutory hold
	// (art. 17.3 b, e) keeps.
	Held int
}

// RetentionFailure is an item left undone, and why (no personal data).
type RetentionFailure struct {
	Item RetentionItem
	Err  error
}

// RetentionDeps are the runner's collaborators, all required.
type RetentionDeps struct {
	Rules    domaingdpr.RetentionRules // also the executor's planner's, so holds are weighed alike
	Sources  RetentionSources
	Deleters RetentionDeleters
	Log      DeletionLog
	Eraser   *EraseSubjectHandler
}

// RetentionHandler handles RunRetention.
type RetentionHandler struct{ d RetentionDeps }

// NewRetentionHandler returns the runner.
func NewRetentionHandler(d RetentionDeps) (*RetentionHandler, error) {
	if d.Sources == nil || d.Deleters == nil || d.Log == nil || d.Eraser == nil {
		return nil, errors.New("commands.NewRetentionHandler: every dependency is required")
	}
	if err := d.Rules.Validate(); err != nil {
		return nil, err
	}
	return &RetentionHandler{d: d}, nil
}

// Handle plans, and unless DryRun carries the plan out. One item failing
// does not stop the others; the report lists it. err is set only when the
// plan cannot be made.
func (h *RetentionHandler) Handle(ctx context.Context, cmd RunRetention) (RetentionReport, error) {
	if err := cmd.Actor.Check(); err != nil {
		return RetentionReport{}, err
	}
	report, err := h.plan(ctx)
	if err != nil || cmd.DryRun {
		return report, err
	}
	destroyed := map[string]bool{}
	for _, item := range report.Due {
		done, err := h.carryOut(ctx, cmd.Actor, item, destroyed)
		if err != nil {
			report.Failed = append(report.Failed, RetentionFailure{Item: item, Err: err})
		} else if done.Records > 0 {
			report.Deleted = append(report.Deleted, done)
		}
	}
	if len(destroyed) > 0 {
		err = journal.AsNilOrDomain(h.d.Deleters.RefreshReadModels(ctx))
	}
	return report, err
}

// plan asks the read models and lists what is due now.
func (h *RetentionHandler) plan(ctx context.Context) (RetentionReport, error) {
	now := h.d.Eraser.d.Subjects.journal.Now()
	contacts, err := h.d.Sources.RetainedContacts(ctx)
	if err != nil {
		return RetentionReport{}, journal.AsDomainError(err)
	}
	var matters []ClosedMatter
	if rule, ok := h.d.Rules.Rule(domaingdpr.CategoryMatterFile); ok {
		if matters, err = h.d.Sources.ClosedMatters(ctx, batchCutoff(rule, work.DateOf(now))); err != nil {
			return RetentionReport{}, journal.AsDomainError(err)
		}
	}
	var report RetentionReport
	report.Due, report.Held = planContacts(h.d.Rules, now, contacts)
	report.Due = append(report.Due, planMatters(h.d.Rules, now, matters)...)
	for _, b := range planBatches(h.d.Rules, now) {
		count := map[domaingdpr.Category]func(context.Context, time.Time) (int64, error){
			domaingdpr.CategoryAccessLog: h.d.Sources.AccessLogBefore, domaingdpr.CategoryHeldMail: h.d.Sources.HeldMailBefore}[b.Category]
		if count != nil {
			if b.Records, err = count(ctx, b.Cutoff); err != nil {
				return RetentionReport{}, journal.AsDomainError(err)
			}
			if b.Records == 0 {
				continue
			}
		}
		report.Due = append(report.Due, b)
	}
	return report, nil
}
