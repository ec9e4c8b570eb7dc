package main

import (
	reportpages "github.com/klient-crm/klient/http/reports"
	"github.com/klient-crm/klient/projections/reports"
)

// reportsHTTP wires the web edge's Reports dependencies: the dashboards
// count over the read models in the main database.
func (a *app) reportsHTTP() (reportpages.Deps, error) {
	return reportpages.Deps{Queries: reports.New(a.pool)}, nil
}
