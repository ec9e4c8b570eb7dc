package main

import klienthttp "github.com/klient-crm/klient/http"

// reportsHTTP wires the web edge's Reports dependencies.
func (a *app) reportsHTTP() (klienthttp.Reports, error) {
	return klienthttp.Reports{}, nil
}
