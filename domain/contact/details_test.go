package contact

import (
	"slices"
	"strings"
	"testing"
)

func validPerson() PersonDetails {
	return PersonDetails{
		GivenName:    " Tolvan ",
		FamilyName:   "Tolvansson",
		Personnummer: "121212+1212",
		Emails:       []Email{{Address: "Tolvan@Exempel.SE", Label: "work"}},
		Phones:       []Phone{{Number: "070-123 45 67"}, {Number: "+44 20 7946 0958"}, {Number: "0046 8 123 456"}},
		Addresses:    []Address{{Street: "Storgatan 1", PostalCode: "11122", City: "Stockholm"}},
	}
}

func TestNormalisePersonDetails(t *testing.T) {
	t.Parallel()
	got, err := NormalisePersonDetails(validPerson(), now)
	if err != nil {
		t.Fatal(err)
	}
	want := PersonDetails{
		GivenName:    "Tolvan",
		FamilyName:   "Tolvansson",
		Personnummer: "19121212-1212",
		Emails:       []Email{{Address: "Tolvan@exempel.se", Label: "work"}},
		Phones:       []Phone{{Number: "+46701234567"}, {Number: "+442079460958"}, {Number: "+468123456"}},
		Addresses:    []Address{{Street: "Storgatan 1", PostalCode: "111 22", City: "Stockholm", Country: "SE"}},
	}
	if !samePersonDetails(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

func TestNormalisePersonDetailsReportsEveryProblem(t *testing.T) {
	t.Parallel()
	d := PersonDetails{
		GivenName:    "\t",
		FamilyName:   strings.Repeat("x", maxNameLength+1),
		Personnummer: "811218-9877",
		Emails:       []Email{{Address: "a@b.se"}, {Address: "not an address"}, {Address: "A@B.SE"}},
		Phones:       []Phone{{Number: "12345"}, {Number: "070-12 (34)"}},
		Addresses:    []Address{{Street: "Gata\n1", PostalCode: "012 34", City: "Ort", Country: "Sverige"}},
	}
	_, err := NormalisePersonDetails(d, now)
	want := []string{
		"given_name contact.text.control",
		"family_name contact.text.too_long",
		"personnummer contact.personnummer.checksum",
		"emails[1].address contact.email.format",
		"emails[2].address contact.email.duplicate",
		"phones[0].number contact.phone.format",
		"phones[1].number contact.phone.format",
		"addresses[0].street contact.text.control",
		"addresses[0].country contact.address.country",
	}
	if got := fieldsOf(err); !slices.Equal(got, want) {
		t.Fatalf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestEmailAddresses(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"anna@firma.se", "anna@firma.se"},
		{" Anna.Berg+klient@Advokat.Göteborg.SE ", "Anna.Berg+klient@advokat.göteborg.se"},
		{"anna@localhost", ""},
		{"Anna <anna@firma.se>", ""},
		{"anna@firma..se", ""},
		{"anna@-firma.se", ""},
		{"anna@[127.0.0.1]", ""},
		{"anna", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := cleanEmailAddress("email", tt.in)
		if got != tt.want || (err == nil) != (tt.want != "") {
			t.Errorf("cleanEmailAddress(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestPhoneNumbers(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want, code string }{
		{"0701234567", "+46701234567", ""},
		{"070-123 45 67", "+46701234567", ""},
		{"+46 70 123 45 67", "+46701234567", ""},
		{"+46 070 123 45 67", "+46701234567", ""}, // the trunk 0 is not dialled
		{"08-123 456", "+468123456", ""},
		{"0045 12 34 56 78", "+4512345678", ""},
		{"701234567", "", "contact.phone.format"},
		{"070/1234567", "", "contact.phone.format"},
		{"+4", "", "contact.phone.length"},
		{"+1234567890123456", "", "contact.phone.length"},
		{"", "", "contact.text.required"},
	}
	for _, tt := range tests {
		got, err := cleanPhoneNumber("phone", tt.in)
		if got != tt.want || codeOf(err) != tt.code {
			t.Errorf("cleanPhoneNumber(%q) = %q, %v; want %q %s", tt.in, got, err, tt.want, tt.code)
		}
	}
}
