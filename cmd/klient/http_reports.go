package main

import (
	klienthttp "github.com/klient-crm/klient/http"
	"github.com/klient-crm/klient/projections/reports"
)

// reportsHTTP wires the web edge's Reports dependencies: the dashboards
// count over the read models in the main database.
func (a *app) reportsHTTP() (klienthttp.Reports, error) {
	return klienthttp.Reports{Queries: reports.New(a.pool)}, nil
}
