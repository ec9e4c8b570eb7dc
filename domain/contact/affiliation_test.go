package contact

import (
	"testing"

	"github.com/klient-crm/klient/domain"
)

func TestAffiliation(t *testing.T) {
	t.Parallel()
	c := registeredPerson(t)
	events, err := c.AddAffiliation(orgID, " Chief Executive ")
	decided(t, events, err, AffiliationAdded{})
	c.Apply(events[0])
	if got := c.Affiliations(); len(got) != 1 || got[0] != (Affiliation{OrganisationID: orgID, Role: "Chief Executive"}) {
		t.Fatalf("affiliations %+v", got)
	}
	events, err = c.AddAffiliation(orgID, "Chair")
	refused(t, events, err, domain.KindConflict, "contact.affiliation.exists")
	events, err = c.EndAffiliation(orgID)
	decided(t, events, err, AffiliationEnded{})
	c.Apply(events[0])
	events, err = c.EndAffiliation(orgID)
	refused(t, events, err, domain.KindNotFound, "contact.affiliation.not_found")
}

func TestAffiliationRefusals(t *testing.T) {
	t.Parallel()
	c := registeredPerson(t)
	events, err := c.AddAffiliation(personID, "")
	refused(t, events, err, domain.KindInvalid, "contact.affiliation.self")
	events, err = c.AddAffiliation("", "")
	refused(t, events, err, domain.KindInvalid, "contact.affiliation.organisation_required")
	events, err = c.AddAffiliation(orgID, "Chief\nExecutive")
	refused(t, events, err, domain.KindInvalid, "contact.text.control")
	events, err = registeredOrganisation().AddAffiliation(personID, "")
	refused(t, events, err, domain.KindInvalid, "contact.not_person")
	c.Apply(ContactArchived{ContactID: personID})
	events, err = c.AddAffiliation(orgID, "")
	refused(t, events, err, domain.KindConflict, "contact.archived")
}

func TestCheckAffiliationTarget(t *testing.T) {
	t.Parallel()
	archived := registeredOrganisation()
	archived.Apply(ContactArchived{ContactID: orgID})
	erased := new(Contact)
	erased.ApplyErased(OrganisationRegistered{ContactID: orgID})
	tests := []struct {
		name string
		org  *Contact
		kind domain.Kind
		code string
	}{
		{"organisation", registeredOrganisation(), "", ""},
		{"missing", new(Contact), domain.KindNotFound, "contact.affiliation.organisation_not_found"},
		{"person", registeredPerson(t), domain.KindInvalid, "contact.affiliation.not_organisation"},
		{"archived", archived, domain.KindConflict, "contact.affiliation.organisation_archived"},
		{"erased", erased, domain.KindErased, "contact.affiliation.organisation_erased"},
	}
	for _, tt := range tests {
		err := tt.org.CheckAffiliationTarget()
		if tt.code == "" && err != nil || tt.code != "" && (domain.KindOf(err) != tt.kind || codeOf(err) != tt.code) {
			t.Errorf("%s: %v, want %s %s", tt.name, err, tt.kind, tt.code)
		}
	}
}

func TestErasedContactRefusesEveryChange(t *testing.T) {
	t.Parallel()
	var c Contact
	c.ApplyErased(PersonRegistered{ContactID: personID})
	c.ApplyErased(AffiliationAdded{ContactID: personID, OrganisationID: orgID})
	decisions := map[string]func() ([]domain.Event, error){
		"register":   func() ([]domain.Event, error) { return c.RegisterPerson(personID, validPerson(), now) },
		"change":     func() ([]domain.Event, error) { return c.ChangePersonDetails(validPerson(), now) },
		"archive":    c.Archive,
		"reactivate": c.Reactivate,
		"affiliate":  func() ([]domain.Event, error) { return c.AddAffiliation("other", "") },
		"end":        func() ([]domain.Event, error) { return c.EndAffiliation(orgID) },
	}
	for name, decide := range decisions {
		events, err := decide()
		if len(events) != 0 || domain.KindOf(err) != domain.KindErased || codeOf(err) != "contact.erased" {
			t.Errorf("%s: %v, %v; want erased", name, events, err)
		}
	}
	if !c.Erased() || c.Version() != 1 {
		t.Fatalf("state %+v", c)
	}
}
