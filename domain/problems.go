package domain

import "errors"

// Problems gathers every rule an input breaks, so that a form can mark all
// its fields at once.
type Problems []error

// Add records err, if any; a joined error is added part by part, so that
// the final error is one flat list however deep the checks nest.
func (p *Problems) Add(err error) {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		*p = append(*p, joined.Unwrap()...)
	} else if err != nil {
		*p = append(*p, err)
	}
}

// Err returns nil, the one problem, or all of them joined: errors.As then
// finds the first *Error, and Unwrap() []error gives every one.
func (p Problems) Err() error {
	switch len(p) {
	case 0:
		return nil
	case 1:
		return p[0]
	}
	return errors.Join(p...)
}

// JoinProblems is the Problems of errs (nils skipped) as one error.
func JoinProblems(errs ...error) error {
	var p Problems
	for _, err := range errs {
		p.Add(err)
	}
	return p.Err()
}
