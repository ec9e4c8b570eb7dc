package contact

import (
	"strings"
	"testing"
)

func TestAddresses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   Address
		want Address
		code string
	}{
		{"Swedish, country defaulted", Address{Street: "Gata 1", PostalCode: "111 22", City: "Stockholm"},
			Address{Street: "Gata 1", PostalCode: "111 22", City: "Stockholm", Country: "SE"}, ""},
		{"Swedish, code without space", Address{Street: "Gata 1", PostalCode: "41101", City: "Göteborg", Country: "se"},
			Address{Street: "Gata 1", PostalCode: "411 01", City: "Göteborg", Country: "SE"}, ""},
		{"foreign code kept as typed", Address{Street: "1 High St", PostalCode: "SW1A 1AA", City: "London", Country: "GB"},
			Address{Street: "1 High St", PostalCode: "SW1A 1AA", City: "London", Country: "GB"}, ""},
		{"foreign code optional", Address{Street: "Main St 1", City: "Dublin", Country: "IE"},
			Address{Street: "Main St 1", City: "Dublin", Country: "IE"}, ""},
		{"Swedish code required", Address{Street: "Gata 1", City: "Ort"}, Address{}, "contact.text.required"},
		{"Swedish code short", Address{Street: "Gata 1", PostalCode: "1112", City: "Ort"}, Address{}, "contact.address.postal_code"},
		{"Swedish code letters", Address{Street: "Gata 1", PostalCode: "111 2A", City: "Ort"}, Address{}, "contact.address.postal_code"},
		{"unknown country", Address{Street: "Gata 1", City: "Ort", Country: "XX"}, Address{}, "contact.address.country"},
		{"country name", Address{Street: "Gata 1", City: "Ort", Country: "Norge"}, Address{}, "contact.address.country"},
		{"no street", Address{PostalCode: "111 22", City: "Ort"}, Address{}, "contact.text.required"},
		{"bidi override", Address{Street: "Gata\u202e1", PostalCode: "111 22", City: "Ort"}, Address{}, "contact.text.control"},
	}
	for _, tt := range tests {
		got, err := cleanAddress("a", tt.in)
		if codeOf(err) != tt.code || (tt.code == "" && got != tt.want) {
			t.Errorf("%s: got %+v, %v; want %+v %s", tt.name, got, err, tt.want, tt.code)
		}
	}
}

func TestCountryList(t *testing.T) {
	t.Parallel()
	codes := strings.Fields(countries)
	if len(codes) != 250 { // 249 assigned by ISO, plus XK
		t.Fatalf("%d country codes", len(codes))
	}
	for _, c := range []string{"SE", "NO", "DK", "FI", "DE", "GB", "US", "XK"} {
		if !isCountry(c) {
			t.Errorf("%s is a country", c)
		}
	}
	for _, c := range []string{"", "S", "SEE", "XX", "se", "E "} {
		if isCountry(c) {
			t.Errorf("%q is no country", c)
		}
	}
}

func TestListLimits(t *testing.T) {
	t.Parallel()
	d := PersonDetails{GivenName: "A", FamilyName: "B",
		Emails:    make([]Email, MaxEmails+1),
		Phones:    make([]Phone, MaxPhones+1),
		Addresses: make([]Address, MaxAddresses+1)}
	_, err := NormalisePersonDetails(d, now)
	got := strings.Join(fieldsOf(err), ",")
	if got != "emails contact.email.too_many,phones contact.phone.too_many,addresses contact.address.too_many" {
		t.Fatal(got)
	}
}

func TestNormaliseOrganisationDetails(t *testing.T) {
	t.Parallel()
	got, err := NormaliseOrganisationDetails(OrganisationDetails{Name: " Exempel AB ", Organisationsnummer: "16 5560160680"}, now)
	assertInvalid(t, err, "organisationsnummer", "contact.organisationsnummer.format")
	got, err = NormaliseOrganisationDetails(OrganisationDetails{Name: " Exempel AB ", Organisationsnummer: "165560160680"}, now)
	if err != nil || got.Name != "Exempel AB" || got.Organisationsnummer != "556016-0680" {
		t.Fatalf("got %+v, %v", got, err)
	}
	_, err = NormaliseOrganisationDetails(OrganisationDetails{Organisationsnummer: "811218-9877"}, now)
	if got := strings.Join(fieldsOf(err), ","); got != "name contact.text.required,organisationsnummer contact.personnummer.checksum" {
		t.Fatal(got)
	}
}
