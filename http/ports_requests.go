package http

import (
	"context"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
)

// Requests is what the pages of the register of data-subject requests,
// access packages, erasure and the deletion log need. Every field is
// required.
type Requests struct {
	Receive  Handles[gdprcmd.ReceiveRequest, gdprcmd.RequestResult]
	Verify   Handles[gdprcmd.VerifyRequestIdentity, gdprcmd.RequestResult]
	Extend   Handles[gdprcmd.ExtendRequestDeadline, gdprcmd.RequestResult]
	Complete Handles[gdprcmd.CompleteRequest, gdprcmd.RequestResult]
	Refuse   Handles[gdprcmd.RefuseRequest, gdprcmd.RequestResult]
	// Plan weighs an erasure request against the statutory holds;
	// Erase carries out an approved one (the same executor as the
	// scheduler's).
	Plan  Handles[gdprcmd.RequestErasure, gdprcmd.ErasurePlan]
	Erase Handles[gdprcmd.EraseSubject, gdprcmd.ErasureResult]
	// VerifyErasure checks that nothing of the subject is left once every
	// read model has applied the erasure, and files the count with the
	// certificate. It must return promptly: production starts the check in
	// the background (it may wait minutes for a slow projector).
	VerifyErasure func(ctx context.Context, res gdprcmd.ErasureResult)
	Register      RequestRegister
}

func (d Requests) validate(check func(ok bool, name string)) {
	check(present(d.Receive), "Requests.Receive")
	check(present(d.Verify), "Requests.Verify")
	check(present(d.Extend), "Requests.Extend")
	check(present(d.Complete), "Requests.Complete")
	check(present(d.Refuse), "Requests.Refuse")
	check(present(d.Plan), "Requests.Plan")
	check(present(d.Erase), "Requests.Erase")
	check(present(d.VerifyErasure), "Requests.VerifyErasure")
	check(present(d.Register), "Requests.Register")
}

// requestRegisterProjector is the read model of requests, erasures and certificates.
const requestRegisterProjector = "gdpr"
