package contact

import "testing"

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
