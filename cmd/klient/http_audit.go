package main

import klienthttp "github.com/klient-crm/klient/http"

// auditHTTP wires the web edge's Audit dependencies: the audit trail read
// model and the same replay of the log as `klient audit replay`.
func (a *app) auditHTTP() (klienthttp.Audit, error) {
	reader, err := a.auditHistory()
	if err != nil {
		return klienthttp.Audit{}, err
	}
	return klienthttp.Audit{Trail: klienthttp.AuditTrailReadModel(a.pool), History: reader}, nil
}
