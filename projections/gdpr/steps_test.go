package gdpr_test

import (
	"context"
	"errors"
	"testing"
	"time"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	gdprdomain "github.com/klient-crm/klient/domain/gdpr"
)

// The steps below run one command each through the real handlers and
// remember where they wrote, so caughtUp can wait for them.

func (w *world) person(given string) string {
	w.T.Helper()
	h, err := contactcmd.NewRegisterPersonHandler(w.contacts)
	must(w.T, err)
	res, err := h.Handle(context.Background(), contactcmd.RegisterPerson{Actor: staff,
		Details: contact.PersonDetails{GivenName: given, FamilyName: "Testsson"}})
	must(w.T, err)
	w.Wrote(res.Position)
	return res.ContactID
}

// subjectDone records a subject command's outcome.
func (w *world) subjectDone(res gdprcmd.SubjectResult, err error) string {
	w.T.Helper()
	must(w.T, err)
	w.Wrote(res.Position)
	return res.RecordID
}

func (w *world) basis(subject string, b gdprdomain.Basis, purpose, note string) {
	w.T.Helper()
	h, err := gdprcmd.NewRecordLawfulBasisHandler(w.subjects)
	must(w.T, err)
	w.subjectDone(h.Handle(context.Background(), gdprcmd.RecordLawfulBasis{Actor: staff, SubjectID: subject,
		Basis: b, Purpose: purpose, Note: note}))
}

func (w *world) consent(subject, evidence string) string {
	w.T.Helper()
	h, err := gdprcmd.NewGiveConsentHandler(w.subjects)
	must(w.T, err)
	return w.subjectDone(h.Handle(context.Background(), gdprcmd.GiveConsent{Actor: staff, SubjectID: subject,
		Purpose: gdprdomain.PurposeMarketing, Scope: "Nyhetsbrev", How: gdprdomain.ConsentBySignedPaper,
		Where: "Klientmöte", Evidence: evidence}))
}

func (w *world) withdrawByLink(subject, consent string) {
	w.T.Helper()
	h, err := gdprcmd.NewWithdrawConsentByLinkHandler(w.subjects, w.links)
	must(w.T, err)
	token, err := w.links.Sign(subject, consent, w.clock.Add(24*time.Hour))
	must(w.T, err)
	w.subjectDone(h.Handle(context.Background(), gdprcmd.WithdrawConsentByLink{Token: token}))
}

func (w *world) object(subject string, to gdprdomain.ObjectionTo, reason string) {
	w.T.Helper()
	h, err := gdprcmd.NewRecordObjectionHandler(w.subjects)
	must(w.T, err)
	w.subjectDone(h.Handle(context.Background(), gdprcmd.RecordObjection{Actor: staff, SubjectID: subject, To: to, Reason: reason}))
}

func (w *world) restrict(subject, reason string) {
	w.T.Helper()
	h, err := gdprcmd.NewApplyRestrictionHandler(w.subjects)
	must(w.T, err)
	w.subjectDone(h.Handle(context.Background(), gdprcmd.ApplyRestriction{Actor: staff, SubjectID: subject, Reason: reason}))
}

func (w *world) lift(subject string) {
	w.T.Helper()
	h, err := gdprcmd.NewLiftRestrictionHandler(w.subjects)
	must(w.T, err)
	w.subjectDone(h.Handle(context.Background(), gdprcmd.LiftRestriction{Actor: staff, SubjectID: subject}))
}

// request receives a request of kind for subject, with its identity
// verified, and returns where it stands.
func (w *world) request(subject string, kind gdprdomain.RequestKind, note string) gdprcmd.RequestResult {
	w.T.Helper()
	receive, err := gdprcmd.NewReceiveRequestHandler(w.requests)
	must(w.T, err)
	res, err := receive.Handle(context.Background(), gdprcmd.ReceiveRequest{Actor: staff, SubjectID: subject, Kind: kind,
		Channel: gdprdomain.ChannelLetter, RequesterNote: note})
	must(w.T, err)
	verify, err := gdprcmd.NewVerifyRequestIdentityHandler(w.requests)
	must(w.T, err)
	res, err = verify.Handle(context.Background(), gdprcmd.VerifyRequestIdentity{Actor: staff, RequestID: res.RequestID,
		ExpectedVersion: res.Version, How: "BankID"})
	must(w.T, err)
	w.Wrote(res.Position)
	return res
}

// refusedWith fails unless err is a *domain.Error with code.
func refusedWith(t testing.TB, err error, code string) {
	t.Helper()
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("got %v, want code %s", err, code)
	}
}
