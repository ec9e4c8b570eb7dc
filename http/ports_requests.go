package http

// Requests is what the pages of the register of data-subject requests, access packages, erasure and the deletion log need.
type Requests struct{}

func (d Requests) validate(check func(ok bool, name string)) {}
