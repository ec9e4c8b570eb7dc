package main

import (
	"context"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
)

// loadToken registers a lawyer in the scratch database and issues them an
// API token: the load goes through sign-in and the role checks like any
// integration's.
func (a *app) loadToken(ctx context.Context) (string, error) {
	lawyer := []access.Role{access.RoleLawyer}
	id, err := a.registerStaff(ctx, access.StaffDetails{Name: "Lasttest Jurist", Email: "lasttest@example.se"}, lawyer, nil)
	if err != nil {
		return "", err
	}
	secret, _, err := a.secrets.CreateToken(ctx, credentials.NewToken{Name: "loadtest", Roles: lawyer,
		Scopes: access.Scopes, CreatedBy: id})
	return secret, err
}
