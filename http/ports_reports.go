package http

// Reports is what the pages of dashboards and reports need.
type Reports struct{}

func (d Reports) validate(check func(ok bool, name string)) {}
