package main

import klienthttp "github.com/klient-crm/klient/http"

// requestsHTTP wires the web edge's Requests dependencies.
func (a *app) requestsHTTP() (klienthttp.Requests, error) {
	return klienthttp.Requests{}, nil
}
