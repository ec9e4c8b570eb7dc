package contacts

import (
	"fmt"
	"strings"

	"github.com/klient-crm/klient/http/web"
)

// formField is one input as the template draws it. Label and Hint are
// catalogue keys; Error is already in the reader's language.
type formField struct {
	Name, ID, Label, Hint string
	Type, Autocomplete    string
	Value, Error          string
	Optional              bool // say "(optional)": only where leaving it empty is a real choice
}

// formRow is one e-mail, phone or address row.
type formRow struct {
	Class  string
	Fields []formField
}

func field(name, label, value string, msgs web.FieldMessages) formField {
	id := strings.NewReplacer("[", "-", "]", "", ".", "-").Replace(name)
	return formField{Name: name, ID: id, Label: label, Type: "text", Value: value, Error: msgs[name]}
}

func (f formField) typed(t, autocomplete string) formField {
	f.Type, f.Autocomplete = t, autocomplete
	return f
}

func (f formField) optional() formField { f.Optional = true; return f }

func (f formField) hint(key string) formField { f.Hint = key; return f }

// identityFields are the fields that say who the contact is.
func identityFields(in contactInput, msgs web.FieldMessages) []formField {
	if in.Kind == kindOrganisation {
		return []formField{
			field("name", "contact.field.name", in.Org.Name, msgs).typed("text", "organization"),
			field("organisationsnummer", "contact.field.organisationsnummer", in.Org.Organisationsnummer, msgs).
				hint("contact.hint.organisationsnummer").optional(),
		}
	}
	return []formField{
		field("given_name", "contact.field.given_name", in.Person.GivenName, msgs).typed("text", "off"),
		field("family_name", "contact.field.family_name", in.Person.FamilyName, msgs).typed("text", "off"),
		field("personnummer", "contact.field.personnummer", in.Person.Personnummer, msgs).
			typed("text", "off").hint("contact.hint.personnummer").optional(),
	}
}

func emailRows(in contactInput, msgs web.FieldMessages) []formRow {
	rows := make([]formRow, len(in.Emails))
	for i, e := range in.Emails {
		p := fmt.Sprintf("emails[%d].", i)
		rows[i] = formRow{Class: "row", Fields: []formField{
			field(p+"address", "contact.field.email", e.Address, msgs).typed("email", "off"),
			field(p+"label", "contact.field.label", e.Label, msgs).hint("contact.hint.label"),
		}}
	}
	return rows
}

func phoneRows(in contactInput, msgs web.FieldMessages) []formRow {
	rows := make([]formRow, len(in.Phones))
	for i, ph := range in.Phones {
		p := fmt.Sprintf("phones[%d].", i)
		rows[i] = formRow{Class: "row", Fields: []formField{
			field(p+"number", "contact.field.phone", ph.Number, msgs).typed("tel", "off"),
			field(p+"label", "contact.field.label", ph.Label, msgs).hint("contact.hint.label"),
		}}
	}
	return rows
}

func addressRows(in contactInput, msgs web.FieldMessages) []formRow {
	rows := make([]formRow, len(in.Addrs))
	for i, a := range in.Addrs {
		p := fmt.Sprintf("addresses[%d].", i)
		rows[i] = formRow{Class: "row address", Fields: []formField{
			field(p+"label", "contact.field.label", a.Label, msgs).hint("contact.hint.label"),
			field(p+"street", "contact.field.street", a.Street, msgs),
			field(p+"postal_code", "contact.field.postal_code", a.PostalCode, msgs),
			field(p+"city", "contact.field.city", a.City, msgs),
			field(p+"country", "contact.field.country", a.Country, msgs).hint("contact.hint.country"),
		}}
	}
	return rows
}
