package gdpr_test

import (
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/gdpr"
)

func TestDefaultRetentionRulesAreValid(t *testing.T) {
	t.Parallel()
	if err := gdpr.DefaultRetentionRules.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, c := range gdpr.Categories {
		if _, ok := gdpr.DefaultRetentionRules.Rule(c); !ok {
			t.Errorf("no default rule for %s", c)
		}
	}
	if err := gdpr.DefaultPurposes.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestRetentionRulesFromAFileOverrideTheDefaults(t *testing.T) {
	t.Parallel()
	file := `[{"category": "aml_kyc", "period": {"years": 10}, "trigger": "matter_closed",
		"clients_only": true, "hold": true, "ground": "Penningtvättslagen (2017:630) 5 kap. 3 §: särskilda skäl, tio år"}]`
	overrides, err := gdpr.ParseRetentionRules([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	rules := gdpr.DefaultRetentionRules.With(overrides)
	if r, _ := rules.Rule(gdpr.CategoryAMLKYC); r.Period.Years != 10 || len(rules) != len(gdpr.DefaultRetentionRules) {
		t.Fatalf("merged rules %+v", rules)
	}
	if r, _ := gdpr.DefaultRetentionRules.Rule(gdpr.CategoryAMLKYC); r.Period.Years != 5 {
		t.Fatal("With changed the defaults")
	}
}

func TestBadRetentionRulesAreRefused(t *testing.T) {
	t.Parallel()
	for name, file := range map[string]string{
		"unknown field":    `[{"category": "matter_file", "period": {"years": 10}, "trigger": "matter_closed", "hodl": true, "ground": "x"}]`,
		"unknown category": `[{"category": "diary", "period": {"years": 1}, "trigger": "created", "ground": "x"}]`,
		"no period":        `[{"category": "session", "period": {}, "trigger": "created", "ground": "x"}]`,
		"no ground":        `[{"category": "session", "period": {"days": 1}, "trigger": "created", "ground": ""}]`,
		"clients only":     `[{"category": "session", "period": {"days": 1}, "trigger": "created", "clients_only": true, "ground": "x"}]`,
		"twice":            `[{"category": "session", "period": {"days": 1}, "trigger": "created", "ground": "x"}, {"category": "session", "period": {"days": 2}, "trigger": "created", "ground": "x"}]`,
		"not a list":       `{"category": "session"}`,
	} {
		if _, err := gdpr.ParseRetentionRules([]byte(file)); err == nil || !strings.HasPrefix(err.Error(), "gdpr:") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}
