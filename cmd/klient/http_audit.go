package main

import klienthttp "github.com/klient-crm/klient/http"

// auditHTTP wires the web edge's Audit dependencies.
func (a *app) auditHTTP() (klienthttp.Audit, error) {
	return klienthttp.Audit{}, nil
}
