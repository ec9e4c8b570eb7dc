package matter_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections/matters"
)

var staffCount atomic.Int64

// lawyer registers an active staff member with the lawyer role.
func (w *matterWorld) lawyer(t *testing.T) string {
	t.Helper()
	h, err := staffcmd.NewRegisterStaffMemberHandler(w.staff)
	must(t, err)
	n := staffCount.Add(1)
	res, err := h.Handle(context.Background(), staffcmd.RegisterStaffMember{Actor: staff,
		Details: access.StaffDetails{Name: fmt.Sprintf("Advokat %d", n), Email: fmt.Sprintf("advokat%d@byran.se", n)},
		Roles:   []access.Role{access.RoleLawyer}})
	must(t, err)
	return res.StaffID
}

// person registers a person and returns their contact ID.
func (w *matterWorld) person(t *testing.T, given, family, pnr string, emails ...string) string {
	t.Helper()
	d := contact.PersonDetails{GivenName: given, FamilyName: family, Personnummer: pnr}
	for _, e := range emails {
		d.Emails = append(d.Emails, contact.Email{Address: e})
	}
	h, err := contactcmd.NewRegisterPersonHandler(w.contacts)
	must(t, err)
	res, err := h.Handle(context.Background(), contactcmd.RegisterPerson{Actor: staff, Details: d})
	must(t, err)
	w.wrote(res.Position)
	return res.ContactID
}

// intake opens a matter with a client and a counterparty.
func (w *matterWorld) intake(t *testing.T, lawyer, client, counterparty string) mattercmd.MatterResult {
	t.Helper()
	h, err := mattercmd.NewOpenMatterHandler(w.matters)
	must(t, err)
	res, err := h.Handle(context.Background(), openMatter(lawyer, client, counterparty))
	must(t, err)
	w.wrote(res.Position)
	return res
}

func openMatter(lawyer, client, counterparty string) mattercmd.OpenMatter {
	return mattercmd.OpenMatter{Actor: staff, Title: "Tvist om hyresavtal", PracticeArea: "fastighetsrätt",
		ResponsibleLawyer: lawyer, Parties: []mattercmd.MatterParty{
			{ContactID: client, Role: matter.RoleClient},
			{ContactID: counterparty, Role: matter.RoleCounterparty, Note: "hyresvärd"},
		}}
}

// matterTypes lists the event types of a matter's stream.
func (w *matterWorld) matterTypes(t *testing.T, id string) []string {
	t.Helper()
	var out []string
	envs, err := w.store.ReadStream(context.Background(), matter.StreamName(id), 0, 1000)
	if err != nil {
		return nil
	}
	for _, env := range envs {
		out = append(out, env.Type)
	}
	return out
}

// readMatter waits for the read models and returns the matter as the
// matters read model shows it.
func (w *matterWorld) readMatter(t *testing.T, id string) matters.Matter {
	t.Helper()
	w.settle(t)
	m, err := matters.Get(context.Background(), w.pool, id)
	must(t, err)
	return m
}
