package gdpr_test

import (
	"bytes"
	"context"
	"testing"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
)

const balancingNote = "Motpart i vårdnadstvist; intresseavvägning gjord 2026-03-15"

func TestLegitimateInterestWithoutNoteWritesNothing(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	subject := g.person(t)
	h, err := gdprcmd.NewRecordLawfulBasisHandler(g.subjects)
	must(t, err)
	_, err = h.Handle(context.Background(), gdprcmd.RecordLawfulBasis{Actor: staff, SubjectID: subject,
		Basis: gdpr.BasisLegitimateInterest, Purpose: "matter_handling"})
	refusedWith(t, err, domain.KindInvalid, "gdpr.basis.balancing_note_required")
	if got := g.typesOf(t, gdpr.SubjectStreamName(subject)); len(got) != 0 {
		t.Fatalf("a refused basis wrote %v", got)
	}
}

func TestLawfulBasisIsRecordedSealedAndEnded(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	subject := g.person(t)
	record, err := gdprcmd.NewRecordLawfulBasisHandler(g.subjects)
	must(t, err)
	res, err := record.Handle(context.Background(), gdprcmd.RecordLawfulBasis{Actor: staff, SubjectID: subject,
		Basis: gdpr.BasisLegitimateInterest, Purpose: "matter_handling", Note: balancingNote})
	must(t, err)
	if res.SubjectID != subject || res.RecordID == "" || res.Version != 0 {
		t.Fatalf("result %+v", res)
	}
	end, err := gdprcmd.NewEndLawfulBasisHandler(g.subjects)
	must(t, err)
	_, err = end.Handle(context.Background(), gdprcmd.EndLawfulBasis{Actor: staff, SubjectID: subject,
		BasisID: res.RecordID, Reason: "Tvisten avgjord i hovrätten"})
	must(t, err)

	stream := gdpr.SubjectStreamName(subject)
	g.noPlaintext(t, stream, "vårdnadstvist", "hovrätten")
	if !bytes.Contains(g.events(t, stream)[0].Data, []byte(`"purpose":"matter_handling"`)) {
		t.Fatal("the scan cannot see plaintext: the purpose, which is not sealed, is missing")
	}
	ds := g.decoded(t, stream)
	got := ds[0].Event.(gdpr.LawfulBasisRecorded)
	if got.Note != balancingNote || got.RecordedBy != staff.ID || ds[0].Metadata.Actor != staff.ID {
		t.Fatalf("opened %+v (actor %s)", got, ds[0].Metadata.Actor)
	}
	if ds[1].Event.(gdpr.LawfulBasisEnded).Reason != "Tvisten avgjord i hovrätten" {
		t.Fatalf("end opened as %+v", ds[1].Event)
	}
}

func TestSubjectMustBeALiveContact(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	h, err := gdprcmd.NewRecordObjectionHandler(g.subjects)
	must(t, err)
	cmd := gdprcmd.RecordObjection{Actor: staff, SubjectID: "0190f5a2-0000-7000-8000-00000000abcd", To: gdpr.ObjectToDirectMarketing}
	_, err = h.Handle(context.Background(), cmd)
	refusedWith(t, err, domain.KindNotFound, "gdpr.subject.not_found")

	cmd.SubjectID = g.person(t)
	_, err = g.Keyring.Shred(context.Background(), cmd.SubjectID)
	must(t, err)
	_, err = h.Handle(context.Background(), cmd)
	refusedWith(t, err, domain.KindErased, "gdpr.subject.erased")

	cmd.Actor = journal.Actor{}
	_, err = h.Handle(context.Background(), cmd)
	refusedWith(t, err, domain.KindForbidden, "auth.actor_required")
}

func TestGDPRConstructorsRefuseNil(t *testing.T) {
	t.Parallel()
	if _, err := gdprcmd.NewSubjects(nil, nil, nil, nil); err == nil {
		t.Error("NewSubjects accepted nil dependencies")
	}
	if _, err := gdprcmd.NewRequests(nil, nil, nil); err == nil {
		t.Error("NewRequests accepted nil dependencies")
	}
	for name, construct := range map[string]func() error{
		"basis":    func() error { _, err := gdprcmd.NewRecordLawfulBasisHandler(nil); return err },
		"consent":  func() error { _, err := gdprcmd.NewGiveConsentHandler(nil); return err },
		"link":     func() error { _, err := gdprcmd.NewWithdrawConsentByLinkHandler(nil, nil); return err },
		"lift":     func() error { _, err := gdprcmd.NewLiftRestrictionHandler(nil); return err },
		"receive":  func() error { _, err := gdprcmd.NewReceiveRequestHandler(nil); return err },
		"complete": func() error { _, err := gdprcmd.NewCompleteRequestHandler(nil); return err },
		"erasure":  func() error { _, err := gdprcmd.NewRequestErasureHandler(nil, nil, nil, nil); return err },
	} {
		if construct() == nil {
			t.Errorf("%s: constructor accepted nil", name)
		}
	}
}
