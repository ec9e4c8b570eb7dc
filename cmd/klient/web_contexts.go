package main

import (
	"context"
	"errors"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/gdpr"
	auditpages "github.com/klient-crm/klient/http/audit"
	contactpages "github.com/klient-crm/klient/http/contacts"
	reportpages "github.com/klient-crm/klient/http/reports"
	requestpages "github.com/klient-crm/klient/http/requests"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/reports"
)

// requestsHTTP wires the web edge's Requests dependencies: the request
// handlers over the privacy repositories, the same erasure planner and
// executor as the scheduler's, and the register's read model with the
// access package's options (the same as `klient subjects export`).
func (a *app) requestsHTTP() (requestpages.Deps, error) {
	var d requestpages.Deps
	var errs [8]error
	d.Receive, errs[0] = gdprcmd.NewReceiveRequestHandler(a.requests)
	d.Verify, errs[1] = gdprcmd.NewVerifyRequestIdentityHandler(a.requests)
	d.Extend, errs[2] = gdprcmd.NewExtendRequestDeadlineHandler(a.requests)
	d.Complete, errs[3] = gdprcmd.NewCompleteRequestHandler(a.requests)
	d.Refuse, errs[4] = gdprcmd.NewRefuseRequestHandler(a.requests)
	d.Plan, errs[5] = gdprcmd.NewRequestErasureHandler(a.subjects, a.requests, matters.NewSubjectFacts(a.pool), a.retention)
	d.Erase, errs[6] = a.eraseSubjectHandler(now)
	opts, err := exportOptions(env("KLIENT_RECIPIENTS", ""))
	errs[7] = err
	if err := errors.Join(errs[:]...); err != nil {
		return requestpages.Deps{}, err
	}
	d.VerifyErasure = a.verifyInBackground
	d.Register = requestpages.RequestsReadModel(a.pool, opts)
	return d, nil
}

// verifyInBackground verifies a web erasure as the scheduler does, but
// after the response: waiting for every projector may take up to
// erasureVerifyWait, too long to hold a browser. The certificate page
// says "not yet verified" until the count is filed; a residue is logged
// as an error, as the scheduler's is.
func (a *app) verifyInBackground(ctx context.Context, res gdprcmd.ErasureResult) {
	go a.verifyErasure(context.WithoutCancel(ctx), res)
}

// auditHTTP wires the web edge's Audit dependencies: the audit trail read
// model and the same replay of the log as `klient audit replay`.
func (a *app) auditHTTP() (auditpages.Deps, error) {
	reader, err := a.auditHistory()
	if err != nil {
		return auditpages.Deps{}, err
	}
	return auditpages.Deps{Trail: auditpages.AuditTrailReadModel(a.pool), History: reader}, nil
}

// reportsHTTP wires the web edge's Reports dependencies: the dashboards
// count over the read models in the main database.
func (a *app) reportsHTTP() (reportpages.Deps, error) {
	return reportpages.Deps{Queries: reports.New(a.pool)}, nil
}

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
