package web

import (
	"net/http"
	"strings"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/contacts"
)

// PurposeHeader lets an API client say why it reads personal data; pages
// send a "purpose" form field.
const PurposeHeader = "Klient-Purpose"

// RecordView writes one access-log entry for the people a response is
// about to show: who looked (staff ID), at whom (IDs, never names), by
// which route pattern and action, page or API, and why when said. Nobody
// sees personal data that the log does not know of, so a failure to write
// the entry fails the request.
func (s *Kit) RecordView(r *http.Request, subjects []string) error {
	p, _ := PrincipalOf(r.Context())
	return s.RecordAccess(r, p.StaffID, p.Action, p.Via, subjects)
}

// RecordAccess is recordView for a channel other than the principal's own
// (a download, a calendar feed that has no session).
func (s *Kit) RecordAccess(r *http.Request, staffID string, action access.Action, via accesslog.Via, subjects []string) error {
	subjects = Distinct(subjects)
	if len(subjects) == 0 {
		return nil
	}
	return s.deps.AccessLog.Record(r.Context(), accesslog.Entry{
		StaffID: staffID, Subjects: subjects, Route: RoutePattern(r), Action: action,
		Purpose: PurposeOf(r), CorrelationID: CorrelationID(r.Context()), Via: via, TokenID: tokenOf(r, via),
	})
}

// tokenOf is the API token an API read was made with, "" otherwise.
func tokenOf(r *http.Request, via accesslog.Via) string {
	if p, ok := PrincipalOf(r.Context()); ok && via == accesslog.ViaAPI {
		return p.TokenID
	}
	return ""
}

// Distinct drops repeats and empty IDs, keeping the first of each.
func Distinct(ids []string) []string {
	seen := map[string]bool{"": true}
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// PurposeOf is the purpose the reader gave, if any: the header first, then
// a form field of a POST, then the query of a GET.
func PurposeOf(r *http.Request) string {
	if v := r.Header.Get(PurposeHeader); v != "" {
		return strings.TrimSpace(v)
	}
	if r.Method == http.MethodPost && r.PostForm != nil {
		return strings.TrimSpace(r.PostForm.Get("purpose"))
	}
	return strings.TrimSpace(r.URL.Query().Get("purpose"))
}

// SummaryIDs are the subjects of a list or search result.
func SummaryIDs(found []contacts.Summary) []string {
	ids := make([]string, len(found))
	for i, c := range found {
		ids[i] = c.ID
	}
	return ids
}

// ContactSubjects are the subjects of one contact's page: the contact and
// the people and organisations its affiliations name.
func ContactSubjects(c contacts.Contact) []string {
	ids := []string{c.ID}
	for _, a := range c.Affiliations {
		ids = append(ids, a.PersonID, a.OrganisationID)
	}
	return ids
}
