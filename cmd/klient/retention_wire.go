package main

import (
	"fmt"
	"os"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/gdpr"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// retentionActor is who the retention runner's events and log lines name
// when it runs on its own.
var retentionActor = journal.Actor{ID: gdprmodel.RetentionActor}

// loadRetentionRules is the firm's schedule: the defaults with what the
// file at path (a JSON list, see gdpr.ParseRetentionRules) overrides.
// An empty path keeps the defaults.
func loadRetentionRules(path string) (gdpr.RetentionRules, error) {
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

// retentionHandler is the retention runner on clock, whose erasures go
// through an executor that weighs holds by the same rules.
func (a *app) retentionHandler(rules gdpr.RetentionRules, clock func() time.Time) (*gdprcmd.RetentionHandler, error) {
	eraser, err := a.eraserUnder(rules, clock)
	if err != nil {
		return nil, err
	}
	return gdprcmd.NewRetentionHandler(gdprcmd.RetentionDeps{Rules: rules, Sources: retentionSources{a},
		Deleters: retentionDeleters{a}, Log: deletionLog{a}, Eraser: eraser})
}
