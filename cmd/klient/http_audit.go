package main

import auditpages "github.com/klient-crm/klient/http/audit"

// auditHTTP wires the web edge's Audit dependencies: the audit trail read
// model and the same replay of the log as `klient audit replay`.
func (a *app) auditHTTP() (auditpages.Deps, error) {
	reader, err := a.auditHistory()
	if err != nil {
		return auditpages.Deps{}, err
	}
	return auditpages.Deps{Trail: auditpages.AuditTrailReadModel(a.pool), History: reader}, nil
}
