package subjectexport

import (
	"context"

	"github.com/klient-crm/klient/projections/contacts"
)

// subject is the contact record, restricted or not (the subject's own
// access is not processing that a restriction stops); a record merged
// into the subject's is read as it was kept.
func subject(ctx context.Context, db DB, id string) (Subject, error) {
	c, err := contacts.GetWith(ctx, db, id, contacts.GetOptions{IncludeRestricted: true, IncludeMerged: true})
	if err != nil {
		return Subject{}, err
	}
	s := Subject{ID: c.ID, Kind: string(c.Kind), Name: c.DisplayName, GivenName: c.GivenName, FamilyName: c.FamilyName,
		OrganisationName: c.OrganisationName, Personnummer: c.Personnummer, Organisationsnummer: c.Organisationsnummer,
		Emails: c.Emails, Phones: c.Phones, Addresses: c.Addresses, ProtectedIdentity: c.ProtectedIdentity,
		Archived: c.Archived, Restricted: c.Restricted, RegisteredAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	for _, a := range c.Affiliations {
		if a.PersonID == c.ID {
			s.Affiliations = append(s.Affiliations, Affiliation{OrganisationID: a.OrganisationID,
				OrganisationName: a.OrganisationName, Role: a.Role})
		}
	}
	return s, nil
}
