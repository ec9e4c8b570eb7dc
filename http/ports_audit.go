package http

// Audit is what the pages of the audit trail and history as of a date need.
type Audit struct{}

func (d Audit) validate(check func(ok bool, name string)) {}
