package http

// Privacy is what the pages of a person's lawful bases, consents, objection and restriction need.
type Privacy struct{}

func (d Privacy) validate(check func(ok bool, name string)) {}
