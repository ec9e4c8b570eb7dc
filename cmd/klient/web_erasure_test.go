package main

import (
	"context"
	"testing"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// The web edge's erasure is the scheduler's: the assembly (internal/webapp)
// wires serve's web edge the same planner and executor, and its
// VerifyErasure returns at once while the check that nothing is left runs
// in the background and files a verified certificate.
func TestWebErasureIsVerifiedInTheBackground(t *testing.T) {
	t.Parallel()
	a := newSetup(t).open(t)
	live(t, a)
	p := person(t, a, contact.PersonDetails{GivenName: "Vera", FamilyName: "Webbradering"})
	settle(t, a, p.Position)
	ctx, dpo := context.Background(), journal.Actor{ID: "dpo-1"}
	deps, err := a.webDeps(ctx)
	check(t, err)
	d := deps.Requests
	req, err := d.Receive.Handle(ctx, gdprcmd.ReceiveRequest{Actor: dpo, SubjectID: p.ContactID, Kind: gdpr.KindErasure,
		Channel: gdpr.ChannelLetter})
	check(t, err)
	_, err = d.Verify.Handle(ctx, gdprcmd.VerifyRequestIdentity{Actor: dpo, RequestID: req.RequestID,
		ExpectedVersion: req.Version, How: "BankID"})
	check(t, err)
	plan, err := d.Plan.Handle(ctx, gdprcmd.RequestErasure{Actor: dpo, RequestID: req.RequestID})
	check(t, err)
	if !plan.Approved {
		t.Fatalf("plan %+v: a person without matters is not held", plan)
	}
	res, err := d.Erase.Handle(ctx, gdprcmd.EraseSubject{Actor: dpo, RequestID: req.RequestID})
	check(t, err)
	started := time.Now()
	d.VerifyErasure(ctx, res)
	if time.Since(started) > time.Second {
		t.Errorf("VerifyErasure held the caller for %s", time.Since(started))
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		c, err := gdprmodel.Certificate(ctx, a.pool, req.RequestID)
		check(t, err)
		if c.Verified() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the certificate was not verified in the background: %+v", c)
		}
	}
}
