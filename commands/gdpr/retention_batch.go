package gdpr

import (
	"time"

	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// batchCutoff is the instant before which every record of rule's category
// is past its last day on today: midnight (Stockholm) of the first date
// whose record is still kept. Month ends and year-end rules make the
// period uneven, so it is found by stepping, from an estimate.
func batchCutoff(rule domaingdpr.RetentionRule, today work.Date) time.Time {
	kept := func(d work.Date) bool { return !rule.LastDay(d.At(12, 0)).Before(today) }
	p := rule.Period
	d := domaingdpr.AddMonths(today, -(12*p.Years + p.Months)).AddDays(-p.Days)
	for i := 0; i < 400 && !kept(d); i++ {
		d = d.AddDays(1)
	}
	for i := 0; i < 400 && kept(d.AddDays(-1)); i++ {
		d = d.AddDays(-1)
	}
	return d.At(0, 0)
}

// planBatches lists the access log's, the sessions' and the held mail's
// deletions: they go by age, in one step each. The sessions' rule is met by their own
// lifetime (credentials end every session within a day of sign-in), so
// the expired ones are what goes.
func planBatches(rules domaingdpr.RetentionRules, now time.Time) []RetentionItem {
	var due []RetentionItem
	today := work.DateOf(now)
	if rule, ok := rules.Rule(domaingdpr.CategoryAccessLog); ok {
		due = append(due, RetentionItem{Category: rule.Category, Rule: rule, DueOn: today, Cutoff: batchCutoff(rule, today)})
	}
	if rule, ok := rules.Rule(domaingdpr.CategorySession); ok {
		due = append(due, RetentionItem{Category: rule.Category, Rule: rule, DueOn: today, Cutoff: now})
	}
	if rule, ok := rules.Rule(domaingdpr.CategoryHeldMail); ok {
		due = append(due, RetentionItem{Category: rule.Category, Rule: rule, DueOn: today, Cutoff: batchCutoff(rule, today)})
	}
	return due
}
