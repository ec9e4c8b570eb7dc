package main

import (
	"context"
	"errors"

	requestpages "github.com/klient-crm/klient/http/requests"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/projections/matters"
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
