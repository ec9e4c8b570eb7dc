package cdd_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	cddcmd "github.com/klient-crm/klient/commands/cdd"
	"github.com/klient-crm/klient/commands/commandtest"
	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// cddWorld is commandtest.World with the staff, matters and due-diligence
// repositories on one store, and the handlers under test.
type cddWorld struct {
	*commandtest.World
	t       *testing.T
	staff   *staffcmd.Staff
	matters *mattercmd.Matters
	records *cddcmd.Records
	publish *cddcmd.PublishAssessmentHandler
	start   *cddcmd.StartRecordHandler
	part    *cddcmd.RecordPartHandler
	decide  *cddcmd.DecideRecordHandler
	n       int
}

func newWorld(t *testing.T, cfg mattercmd.MatterConfig) *cddWorld {
	t.Helper()
	w := &cddWorld{World: commandtest.NewWorld(t), t: t}
	commandtest.Must(t, w.Codec.Register(access.Events()...))
	commandtest.Must(t, w.Codec.Register(matter.Events()...))
	commandtest.Must(t, w.Codec.Register(cdd.Events()...))
	clock := func() time.Time { return commandtest.Today }
	var err error
	w.staff, err = staffcmd.NewStaff(w.Store, w.Codec, clock, noDirectory{})
	commandtest.Must(t, err)
	w.matters, err = mattercmd.NewMatters(w.Store, w.Codec, clock, cfg)
	commandtest.Must(t, err)
	w.records, err = cddcmd.NewRecords(w.Store, w.Codec, clock)
	commandtest.Must(t, err)
	w.publish, _ = cddcmd.NewPublishAssessmentHandler(w.records)
	w.start, _ = cddcmd.NewStartRecordHandler(w.records)
	w.part, _ = cddcmd.NewRecordPartHandler(w.records)
	w.decide, _ = cddcmd.NewDecideRecordHandler(w.records)
	return w
}

// member registers an active staff member holding roles.
func (w *cddWorld) member(roles ...access.Role) journal.Actor {
	w.t.Helper()
	h, err := staffcmd.NewRegisterStaffMemberHandler(w.staff)
	commandtest.Must(w.t, err)
	w.n++
	res, err := h.Handle(context.Background(), staffcmd.RegisterStaffMember{Actor: commandtest.Staff,
		Details: access.StaffDetails{Name: fmt.Sprintf("Medarbetare %d", w.n), Email: fmt.Sprintf("m%d@byran.se", w.n)}, Roles: roles})
	commandtest.Must(w.t, err)
	return journal.Actor{ID: res.StaffID, CorrelationID: "req-cdd"}
}

// intake takes in a matter of practice area with client as its client.
func (w *cddWorld) intake(lawyer journal.Actor, area, client string) string {
	w.t.Helper()
	h, err := mattercmd.NewOpenMatterHandler(w.matters)
	commandtest.Must(w.t, err)
	res, err := h.Handle(context.Background(), mattercmd.OpenMatter{Actor: lawyer, Title: "Förvärv av fastighet",
		PracticeArea: area, ResponsibleLawyer: lawyer.ID, Parties: []mattercmd.MatterParty{{ContactID: client, Role: matter.RoleClient}}})
	commandtest.Must(w.t, err)
	return res.MatterID
}

// generalAssessment publishes the firm's assessment as its AML officer.
func (w *cddWorld) generalAssessment(officer journal.Actor) {
	w.t.Helper()
	_, err := w.publish.Handle(context.Background(), cddcmd.PublishAssessment{Actor: officer, New: true, NormalFrom: 3, HighFrom: 7,
		Summary: "Byråns allmänna riskbedömning enligt 2 kap. 1 § penningtvättslagen.",
		Factors: []cdd.Factor{
			{Code: "organisation", Category: cdd.CategoryClient, Label: "Juridisk person", Weight: 2},
			{Code: "high-risk-country", Category: cdd.CategoryGeography, Label: "Högrisktredjeland", Weight: 5},
			{Code: "property", Category: cdd.CategoryService, Label: "Fastighetstransaktion", Weight: 2},
		}})
	commandtest.Must(w.t, err)
}

// logHolds reports whether any event of stream holds text in the clear.
func (w *cddWorld) logHolds(stream, text string) bool {
	w.t.Helper()
	for _, e := range w.events(stream) {
		if bytes.Contains(e.Data, []byte(text)) {
			return true
		}
	}
	return false
}

// events reads stream back; a stream never written has none.
func (w *cddWorld) events(stream string) []eventstore.Envelope {
	w.t.Helper()
	envs, err := w.Store.ReadStream(context.Background(), stream, 0, 1000)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil
	}
	commandtest.Must(w.t, err)
	return envs
}

// noDirectory knows no e-mail addresses: every staff address is free.
type noDirectory struct{}

func (noDirectory) StaffIDByEmail(context.Context, string) (string, bool, error) {
	return "", false, nil
}
