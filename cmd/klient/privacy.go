package main

import (
	"errors"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/gdpr"
)

// privacy is the write side of the GDPR registers: lawful bases, consents,
// objections, restrictions, and data-subject requests.
type privacy struct {
	subjects *gdprcmd.Subjects
	requests *gdprcmd.Requests
	// retention is the firm's schedule (KLIENT_RETENTION_RULES over the
	// defaults): it decides both what retention deletes and what holds
	// an erasure back.
	retention gdpr.RetentionRules
}

func (a *app) wirePrivacy() error {
	var err1, err2, err3 error
	a.subjects, err1 = gdprcmd.NewSubjects(a.store, a.codec, now, gdpr.DefaultPurposes)
	a.requests, err2 = gdprcmd.NewRequests(a.store, a.codec, now)
	a.retention, err3 = retentionRules(env("KLIENT_RETENTION_RULES", ""))
	return errors.Join(err1, err2, err3)
}
