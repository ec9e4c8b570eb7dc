package erasure

import (
	"context"
	"errors"
	"testing"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/projections/contacts"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
	"github.com/klient-crm/klient/projections/matters"
)

// An approved erasure is due from the day it was approved: the scheduler
// carries it out then (not the day before), the person is erased, and
// the certificate is verified with nothing left behind.
func TestEraseDueErasesAndVerifies(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := apptest.New(t)
	apptest.Live(t, a.Runtime)
	var journalled []klientcrypto.Tombstone
	j := Jobs{Pool: a.Pool, Store: a.Store, Codec: a.Codec, Keys: a.Keys, Runtime: a.Runtime, Log: a.Log, Clock: apptest.Now,
		Journal: func(ts klientcrypto.Tombstone) error { journalled = append(journalled, ts); return nil }}
	if _, err := (Jobs{}).Executor(gdpr.DefaultRetentionRules, apptest.Now); err == nil {
		t.Fatal("an executor without a tombstone journal was built")
	}
	p := apptest.Person(t, a.Contacts, contact.PersonDetails{GivenName: "Erik", FamilyName: "Raderasson"})
	requestID := approvedErasure(t, a, p.ContactID, "", apptest.Now)
	h, err := j.Executor(gdpr.DefaultRetentionRules, apptest.Now)
	apptest.Must(t, err)
	if done, failed := j.EraseDue(ctx, h, time.Now().Add(-24*time.Hour)); done+failed != 0 {
		t.Fatalf("the day before: %d done, %d failed", done, failed)
	}
	if done, failed := j.EraseDue(ctx, h, time.Now()); done != 1 || failed != 0 {
		t.Fatalf("today: %d done, %d failed", done, failed)
	}
	if gone, err := a.Keys.IsShredded(ctx, p.ContactID); err != nil || !gone {
		t.Fatalf("their key: shredded %v, %v", gone, err)
	}
	if len(journalled) != 1 || journalled[0].Subject != p.ContactID {
		t.Fatalf("the tombstone journal when the erasure was done: %+v", journalled)
	}
	if _, err := contacts.Get(ctx, a.Pool, p.ContactID); !domain.IsKind(err, domain.KindErased) {
		t.Fatalf("the contact: %v", err)
	}
	cert, err := gdprmodel.Certificate(ctx, a.Pool, requestID)
	if err != nil || !cert.Verified() || cert.Key.Fingerprint == "" || cert.RowsErased["contacts"] == 0 {
		t.Fatalf("certificate %+v, %v", cert, err)
	}
	if done, failed := j.EraseDue(ctx, h, time.Now()); done+failed != 0 {
		t.Fatalf("again: %d done, %d failed", done, failed)
	}
}

// approvedErasure receives (with the person's note), verifies and
// approves subject's erasure request, as the DPO does, the approval
// weighing the holds on clock: nothing holds a person without matters,
// and the file of a matter closed eleven years ago no longer holds its
// parties.
func approvedErasure(t testing.TB, a *apptest.App, subject, note string, clock func() time.Time) string {
	t.Helper()
	ctx, dpo := context.Background(), journal.Actor{ID: "dpo-1"}
	receive, err1 := gdprcmd.NewReceiveRequestHandler(a.Requests)
	verify, err2 := gdprcmd.NewVerifyRequestIdentityHandler(a.Requests)
	subjects, err3 := gdprcmd.NewSubjects(a.Store, a.Codec, clock, gdpr.DefaultPurposes)
	requests, err4 := gdprcmd.NewRequests(a.Store, a.Codec, clock)
	apptest.Must(t, errors.Join(err1, err2, err3, err4))
	plan, err := gdprcmd.NewRequestErasureHandler(subjects, requests, matters.NewSubjectFacts(a.Pool), gdpr.DefaultRetentionRules)
	apptest.Must(t, err)
	req, err := receive.Handle(ctx, gdprcmd.ReceiveRequest{Actor: dpo, SubjectID: subject, Kind: gdpr.KindErasure, Channel: gdpr.ChannelLetter,
		RequesterNote: note})
	apptest.Must(t, err)
	req, err = verify.Handle(ctx, gdprcmd.VerifyRequestIdentity{Actor: dpo, RequestID: req.RequestID, ExpectedVersion: req.Version, How: "BankID"})
	apptest.Must(t, err)
	planned, err := plan.Handle(ctx, gdprcmd.RequestErasure{Actor: dpo, RequestID: req.RequestID})
	if err != nil || !planned.Approved {
		t.Fatalf("plan %+v, %v", planned, err)
	}
	apptest.Settle(t, a.Runtime, planned.Position)
	return req.RequestID
}

// Only an active DPO may change a restricted contact: a lawyer may not,
// nor someone the staff read model does not know.
func TestDPOCheck(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := apptest.New(t)
	apptest.Live(t, a.Runtime)
	register, err := staffcmd.NewRegisterStaffMemberHandler(a.Staff)
	apptest.Must(t, err)
	member := func(email string, roles ...access.Role) journal.Actor {
		res, err := register.Handle(ctx, staffcmd.RegisterStaffMember{Actor: journal.Actor{ID: "system-cli"},
			Details: access.StaffDetails{Name: "Anna Andersson", Email: email}, Roles: roles})
		apptest.Must(t, err)
		apptest.Settle(t, a.Runtime, res.Position)
		return journal.Actor{ID: res.StaffID}
	}
	dpo, lawyer := member("dpo@exempel.se", access.RoleLawyer, access.RoleDPO), member("jurist@exempel.se", access.RoleLawyer)
	check := DPOCheck(a.Pool)
	for _, c := range []struct {
		who  journal.Actor
		want bool
	}{{dpo, true}, {lawyer, false}, {journal.Actor{ID: "0190f5a2-0000-7000-8000-000000000099"}, false}} {
		if got, err := check(ctx, c.who); err != nil || got != c.want {
			t.Errorf("%s: DPO %v, %v; want %v", c.who.ID, got, err, c.want)
		}
	}
}
