package main

import (
	"context"
	"errors"

	contactpages "github.com/klient-crm/klient/http/contacts"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/gdpr"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// privacyHTTP wires the web edge's Privacy dependencies: the register's
// command handlers over a.subjects, its read model, and the signer of
// withdrawal links with the fleet's key (the handler that honours a link
// checks it with the same key). The purposes are the ones a.subjects was
// made with.
func (a *app) privacyHTTP() (contactpages.Privacy, error) {
	links, err := gdprmodel.LoadWithdrawalLinks(context.Background(), a.pool)
	if err != nil {
		return contactpages.Privacy{}, err
	}
	s := a.subjects
	d := contactpages.Privacy{Links: links, Purposes: gdpr.DefaultPurposes, Register: contactpages.PrivacyReadModel(a.pool)}
	var errs [8]error
	d.RecordBasis, errs[0] = gdprcmd.NewRecordLawfulBasisHandler(s)
	d.EndBasis, errs[1] = gdprcmd.NewEndLawfulBasisHandler(s)
	d.GiveConsent, errs[2] = gdprcmd.NewGiveConsentHandler(s)
	d.WithdrawConsent, errs[3] = gdprcmd.NewWithdrawConsentHandler(s)
	d.WithdrawByLink, errs[4] = gdprcmd.NewWithdrawConsentByLinkHandler(s, links)
	d.Object, errs[5] = gdprcmd.NewRecordObjectionHandler(s)
	d.Restrict, errs[6] = gdprcmd.NewApplyRestrictionHandler(s)
	d.Lift, errs[7] = gdprcmd.NewLiftRestrictionHandler(s)
	return d, errors.Join(errs[:]...)
}
