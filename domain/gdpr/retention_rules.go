package gdpr

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// RetentionRules is the firm's retention schedule, one rule per category.
// It is data: DefaultRetentionRules, overridden from a file the lead loads
// (ParseRetentionRules, then With).
type RetentionRules []RetentionRule

// Validate refuses a schedule with an unusable or repeated rule.
func (rs RetentionRules) Validate() error {
	seen := map[Category]bool{}
	for _, r := range rs {
		if err := r.validate(); err != nil {
			return fmt.Errorf("gdpr: retention rule: %w", err)
		}
		if seen[r.Category] {
			return fmt.Errorf("gdpr: retention rule: %s is listed twice", r.Category)
		}
		seen[r.Category] = true
	}
	return nil
}

// Rule returns the rule for category c.
func (rs RetentionRules) Rule(c Category) (RetentionRule, bool) {
	for _, r := range rs {
		if r.Category == c {
			return r, true
		}
	}
	return RetentionRule{}, false
}

// With returns rs with each category of overrides replaced (or added), so
// that a firm's file lists only what it changes.
func (rs RetentionRules) With(overrides RetentionRules) RetentionRules {
	out := append(RetentionRules(nil), rs...)
	for _, o := range overrides {
		replaced := false
		for i := range out {
			if out[i].Category == o.Category {
				out[i], replaced = o, true
			}
		}
		if !replaced {
			out = append(out, o)
		}
	}
	return out
}

// ParseRetentionRules reads a JSON array of rules, as in
//
//	[{"category": "matter_file", "period": {"years": 10}, "trigger": "matter_closed",
//	  "hold": true, "ground": "…"}]
//
// refusing unknown fields (a misspelt "hold" must not pass silently) and
// invalid rules.
func ParseRetentionRules(data []byte) (RetentionRules, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var rs RetentionRules
	if err := dec.Decode(&rs); err != nil {
		return nil, fmt.Errorf("gdpr: retention rules: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("gdpr: retention rules: text after the list")
	}
	return rs, rs.Validate()
}
