package gdpr

import (
	"time"

	domaingdpr "github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// RetentionItem is one thing the retention schedule says must go.
type RetentionItem struct {
	Category domaingdpr.Category
	// RecordID is the contact's or matter's ID ("" for a batch). It names
	// a person or their file: show it pseudonymised, never as it is.
	RecordID string
	Rule     domaingdpr.RetentionRule
	DueOn    work.Date // the first day it may go
	Records  int64     // 1 for a person or matter file; a batch's count
	Cutoff   time.Time // a batch: what was written before this goes
}

// planContacts lists the contacts without a lawful basis whose period ran
// out, and counts those a statutory hold still keeps. A contact in an
// open matter is kept: it has an active matter.
func planContacts(rules domaingdpr.RetentionRules, now time.Time, contacts []RetainedContact) (due []RetentionItem, held int) {
	rule, ok := rules.Rule(domaingdpr.CategoryContactWithoutBasis)
	if !ok {
		return nil, 0
	}
	today := work.DateOf(now)
	for _, c := range contacts {
		from := latest(c.Facts.LastActivity, c.Facts.RegisteredAt)
		if c.HasBasis || from.IsZero() {
			continue
		}
		dueOn := rule.LastDay(from).AddDays(1)
		switch {
		case today.Before(dueOn):
		case len(domaingdpr.Holds(c.Facts, rules, now)) > 0:
			held++
		default:
			due = append(due, RetentionItem{Category: rule.Category, RecordID: c.Facts.SubjectID, Rule: rule, DueOn: dueOn, Records: 1})
		}
	}
	return due, held
}

// planMatters lists the closed matters whose file's period ran out, each
// followed by its communications and documents, which are sealed with the
// file's key and so go with it (under their own rules, for the log).
func planMatters(rules domaingdpr.RetentionRules, now time.Time, matters []ClosedMatter) []RetentionItem {
	rule, ok := rules.Rule(domaingdpr.CategoryMatterFile)
	if !ok {
		return nil
	}
	var due []RetentionItem
	for _, m := range matters {
		dueOn := rule.LastDay(m.ClosedAt).AddDays(1)
		if m.ClosedAt.IsZero() || work.DateOf(now).Before(dueOn) {
			continue
		}
		due = append(due, RetentionItem{Category: rule.Category, RecordID: m.MatterID, Rule: rule, DueOn: dueOn, Records: 1})
		due = appendPart(due, rules, domaingdpr.CategoryCommunication, m, m.Communications, rule, dueOn)
		due = appendPart(due, rules, domaingdpr.CategoryDocument, m, m.Documents, rule, dueOn)
	}
	return due
}

// appendPart adds what a matter file holds of category c, if anything.
func appendPart(due []RetentionItem, rules domaingdpr.RetentionRules, c domaingdpr.Category, m ClosedMatter, n int64, file domaingdpr.RetentionRule, dueOn work.Date) []RetentionItem {
	if n == 0 {
		return due
	}
	rule, ok := rules.Rule(c)
	if !ok {
		rule = file
	}
	return append(due, RetentionItem{Category: c, RecordID: m.MatterID, Rule: rule, DueOn: dueOn, Records: n})
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
