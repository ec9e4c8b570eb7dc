package contact

import (
	"slices"
	"strings"
	"testing"
	"time"
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

// now is the fixed "today" of the personnummer tests.
var now = time.Date(2026, time.March, 15, 10, 0, 0, 0, time.UTC)

func TestParsePersonnummerAcceptsAndNormalises(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want     string
		coordination bool
	}{
		{"19121212-1212", "19121212-1212", false},
		{"191212121212", "19121212-1212", false},
		{"121212-1212", "20121212-1212", false},   // younger than 100: this century
		{"121212+1212", "19121212-1212", false},   // '+': 100 or older
		{"19121212+1212", "19121212-1212", false}, // '+' agrees with the stated century
		{"811218-9876", "19811218-9876", false},
		{"8112189876", "19811218-9876", false},
		{" 19811218-9876 ", "19811218-9876", false},
		{"640823-3234", "19640823-3234", false}, // Skatteverket's worked example (SKV 704)
		{"701063-2391", "19701063-2391", true},  // Skatteverket's samordningsnummer example
		{"000229-1235", "20000229-1235", false}, // 2000 was a leap year
		{"260315-1230", "20260315-1230", false}, // born today
		{"260316-1239", "19260316-1239", false}, // tomorrow a century ago, not tomorrow
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			p, err := ParsePersonnummer(tt.in, now)
			if err != nil {
				t.Fatalf("ParsePersonnummer(%q) = %v", tt.in, err)
			}
			if p.String() != tt.want || p.IsSamordningsnummer() != tt.coordination {
				t.Fatalf("got %s (samordningsnummer %v), want %s (%v)", p, p.IsSamordningsnummer(), tt.want, tt.coordination)
			}
		})
	}
}

func TestParsePersonnummerRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, code string }{
		{"", "contact.personnummer.format"},
		{"abcdef-ghij", "contact.personnummer.format"},
		{"81121-89876", "contact.personnummer.format"},
		{"811218_9876", "contact.personnummer.format"},
		{"811218--9876", "contact.personnummer.format"},
		{"81121898761", "contact.personnummer.format"},
		{"1981121898761", "contact.personnummer.format"},
		{"811218-9877", "contact.personnummer.checksum"},
		{"19121212-1213", "contact.personnummer.checksum"},
		{"811318-9875", "contact.personnummer.date"},   // month 13
		{"810230-9872", "contact.personnummer.date"},   // 30 February
		{"19000229-9873", "contact.personnummer.date"}, // 1900 was no leap year
		{"010229-1234", "contact.personnummer.date"},   // nor was 2001
		{"701092-2396", "contact.personnummer.date"},   // samordningsnummer for the 32nd
		{"20300101-1232", "contact.personnummer.future"},
		{"19811218+9876", "contact.personnummer.separator"}, // born 1981: not 100 yet
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			_, err := ParsePersonnummer(tt.in, now)
			assertInvalid(t, err, "personnummer", tt.code)
		})
	}
}

func TestPersonnummerBirthDate(t *testing.T) {
	t.Parallel()
	p, err := ParsePersonnummer("701063-2391", now)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(1970, time.October, 3, 0, 0, 0, 0, time.UTC); !p.BirthDate().Equal(want) {
		t.Fatalf("birth date %v, want %v", p.BirthDate(), want)
	}
}

func TestParseOrganisationsnummerAcceptsAndNormalises(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"556016-0680", "556016-0680"}, // Telefonaktiebolaget LM Ericsson
		{"5560160680", "556016-0680"},
		{"16556016-0680", "556016-0680"},
		{"165560160680", "556016-0680"},
		{" 556036-0793 ", "556036-0793"}, // AB Volvo
		{"202100-5489", "202100-5489"},   // Skatteverket
		{"802002-4223", "802002-4223"},   // shaped like an ideell förening
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			o, err := ParseOrganisationsnummer(tt.in)
			if err != nil || o.String() != tt.want {
				t.Fatalf("ParseOrganisationsnummer(%q) = %s, %v; want %s", tt.in, o, err, tt.want)
			}
		})
	}
}

func TestParseOrganisationsnummerRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, code string }{
		{"", "contact.organisationsnummer.format"},
		{"556016-068", "contact.organisationsnummer.format"},
		{"55601606800", "contact.organisationsnummer.format"},
		{"17556016-0680", "contact.organisationsnummer.format"}, // only "16" is a prefix
		{"556016+0680", "contact.organisationsnummer.format"},
		{"556016-0681", "contact.organisationsnummer.checksum"},
		{"556036-0794", "contact.organisationsnummer.checksum"},
		{"811218-9876", "contact.organisationsnummer.not_organisation"}, // a personnummer
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			_, err := ParseOrganisationsnummer(tt.in)
			assertInvalid(t, err, "organisationsnummer", tt.code)
		})
	}
}

func TestOrganisationIdentityTakesSoleTradersPersonnummer(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want, code string }{
		{"556016-0680", "556016-0680", ""},
		{"811218-9876", "19811218-9876", ""}, // enskild firma: the owner's personnummer
		{"19811218-9876", "19811218-9876", ""},
		{"811218-9877", "", "contact.personnummer.checksum"},
		{"556016-0681", "", "contact.organisationsnummer.checksum"},
		{"nonsense", "", "contact.organisationsnummer.format"},
	}
	for _, tt := range tests {
		got, err := parseOrganisationIdentity(tt.in, now)
		if tt.code == "" && (err != nil || got != tt.want) {
			t.Errorf("parseOrganisationIdentity(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if tt.code != "" && codeOf(err) != tt.code {
			t.Errorf("parseOrganisationIdentity(%q) error %v, want code %s", tt.in, err, tt.code)
		}
	}
}
