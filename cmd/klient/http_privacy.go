package main

import klienthttp "github.com/klient-crm/klient/http"

// privacyHTTP wires the web edge's Privacy dependencies.
func (a *app) privacyHTTP() (klienthttp.Privacy, error) {
	return klienthttp.Privacy{}, nil
}
