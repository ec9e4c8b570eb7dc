package main

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
)

// loadToken registers a lawyer in the scratch database and issues them an
// API token: the load goes through sign-in and the role checks like any
// integration's.
func (a *app) loadToken(ctx context.Context) (string, error) {
	if err := a.catchUp(ctx, "staff"); err != nil { // registration checks the e-mail against it
		return "", err
	}
	h, err := commands.NewRegisterStaffMemberHandler(a.staff)
	if err != nil {
		return "", err
	}
	res, err := h.Handle(ctx, commands.RegisterStaffMember{Actor: cliActor,
		Details: access.StaffDetails{Name: "Lasttest Jurist", Email: "lasttest@example.se"}, Roles: []access.Role{access.RoleLawyer}})
	if err != nil {
		return "", err
	}
	waitCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := a.runtime.WaitFor(waitCtx, "staff", res.Position); err != nil {
		return "", err
	}
	secret, _, err := a.secrets.CreateToken(ctx, credentials.NewToken{Name: "loadtest", Roles: []access.Role{access.RoleLawyer},
		CreatedBy: res.StaffID})
	return secret, err
}
