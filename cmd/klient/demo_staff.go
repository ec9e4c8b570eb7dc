package main

import (
	"context"

	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/internal/loaddrive"
)

// demoAccount is one demo staff member. The passwords are published in the
// README: demo data is for a laptop, never for a firm's database.
type demoAccount struct {
	id, name, email, password string
	role                      access.Role
	teams                     []string
}

var demoAccounts = []demoAccount{
	{"0193a000-0000-7000-8000-0000000000a1", "Alma Admin", "admin@demo.klient.se", "demo-admin-Klient26", access.RoleAdmin, nil},
	{"0193a000-0000-7000-8000-0000000000a2", "Lars Advokat", "advokat@demo.klient.se", "demo-advokat-Klient26", access.RoleLawyer, []string{"processratt"}},
	{"0193a000-0000-7000-8000-0000000000a3", "Sara Assistent", "assistent@demo.klient.se", "demo-assistent-Klient26", access.RoleAssistant, []string{"processratt"}},
	{"0193a000-0000-7000-8000-0000000000a4", "Maja Marknad", "marknad@demo.klient.se", "demo-marknad-Klient26", access.RoleMarketing, nil},
	{"0193a000-0000-7000-8000-0000000000a5", "Rolf Revisor", "revisor@demo.klient.se", "demo-revisor-Klient26", access.RoleAuditor, nil},
	{"0193a000-0000-7000-8000-0000000000a6", "Anna Analytiker", "analytiker@demo.klient.se", "demo-analytiker-Klient26", access.RoleAnalyst, nil},
	{"0193a000-0000-7000-8000-0000000000a7", "Dag Dataskydd", "dataskydd@demo.klient.se", "demo-dataskydd-Klient26", access.RoleDPO, nil},
}

// demoLawyers are the demo accounts that may open every page the page
// driver measures: its default sign-ins.
func demoLawyers() []loaddrive.Account {
	var out []loaddrive.Account
	for _, d := range demoAccounts {
		if d.role == access.RoleLawyer {
			out = append(out, loaddrive.Account{Email: d.email, Password: d.password})
		}
	}
	return out
}

func (a *app) seedStaff(ctx context.Context) error {
	if err := a.catchUp(ctx, "staff"); err != nil {
		return err
	}
	h, err := staffcmd.NewRegisterStaffMemberHandler(a.staff)
	if err != nil {
		return err
	}
	for _, d := range demoAccounts {
		_, err := h.Handle(ctx, staffcmd.RegisterStaffMember{Actor: demoActor, StaffID: d.id,
			Details: access.StaffDetails{Name: d.name, Email: d.email}, Roles: []access.Role{d.role}, Teams: d.teams})
		if err != nil {
			return err
		}
		if err := a.secrets.SetPassword(ctx, d.id, d.password); err != nil {
			return err
		}
	}
	return nil
}
