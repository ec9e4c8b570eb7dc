package main

import (
	"errors"

	"github.com/klient-crm/klient/commands"
	"github.com/klient-crm/klient/domain/gdpr"
)

// privacy is the write side of the GDPR registers: lawful bases, consents,
// objections, restrictions, and data-subject requests.
type privacy struct {
	subjects *commands.Subjects
	requests *commands.Requests
}

func (a *app) wirePrivacy() error {
	var err1, err2 error
	a.subjects, err1 = commands.NewSubjects(a.store, a.codec, now, gdpr.DefaultPurposes)
	a.requests, err2 = commands.NewRequests(a.store, a.codec, now)
	return errors.Join(err1, err2)
}
