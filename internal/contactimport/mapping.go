package contactimport

import (
	"crypto/sha256"
	"errors"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
)

// Field is what a column holds.
type Field string

// The fields a column can be mapped to. A column mapped to nothing
// (FieldNone) is left out; e-mail and phone may be several columns.
const (
	FieldNone                Field = ""
	FieldGivenName           Field = "given_name"
	FieldFamilyName          Field = "family_name"
	FieldFullName            Field = "name" // "Anna Berg": the last word is the family name
	FieldPersonnummer        Field = "personnummer"
	FieldOrganisation        Field = "organisation"
	FieldOrganisationsnummer Field = "organisationsnummer"
	FieldEmail               Field = "email"
	FieldPhone               Field = "phone"
	FieldStreet              Field = "street"
	FieldPostalCode          Field = "postal_code"
	FieldCity                Field = "city"
	FieldCountry             Field = "country"
)

// Fields lists the fields a column can be mapped to, in the order a form
// offers them.
var Fields = []Field{FieldNone, FieldGivenName, FieldFamilyName, FieldFullName, FieldPersonnummer, FieldOrganisation,
	FieldOrganisationsnummer, FieldEmail, FieldPhone, FieldStreet, FieldPostalCode, FieldCity, FieldCountry}

// Mapping gives each column of a table its field.
type Mapping []Field

// ParseField reads a field's name as Fields spells it.
func ParseField(s string) (Field, bool) {
	for _, f := range Fields {
		if string(f) == s {
			return f, true
		}
	}
	return FieldNone, false
}

// headerNames are the column names of the exports Swedish offices make,
// folded by foldHeader: a Swedish Excel list, Outlook's export in Swedish
// and English, Google Contacts' CSV (old and new).
var headerNames = map[string]Field{
	"förnamn": FieldGivenName, "first name": FieldGivenName, "given name": FieldGivenName, "tilltalsnamn": FieldGivenName,
	"efternamn": FieldFamilyName, "last name": FieldFamilyName, "family name": FieldFamilyName, "surname": FieldFamilyName,
	"namn": FieldFullName, "name": FieldFullName, "fullständigt namn": FieldFullName, "full name": FieldFullName,
	"personnummer": FieldPersonnummer, "personnr": FieldPersonnummer, "pnr": FieldPersonnummer,
	"företag": FieldOrganisation, "company": FieldOrganisation, "organisation": FieldOrganisation,
	"organization": FieldOrganisation, "organization name": FieldOrganisation, "organization 1 - name": FieldOrganisation,
	"organisationsnummer": FieldOrganisationsnummer, "orgnr": FieldOrganisationsnummer, "org.nr": FieldOrganisationsnummer,
	"e-post": FieldEmail, "epost": FieldEmail, "e-postadress": FieldEmail, "e-mail": FieldEmail, "email": FieldEmail,
	"e-mail address": FieldEmail, "e-mail 1 - value": FieldEmail, "e-mail 2 - value": FieldEmail,
	"e-postadress 2": FieldEmail, "e-mail 2 address": FieldEmail,
	"telefon": FieldPhone, "mobil": FieldPhone, "mobiltelefon": FieldPhone, "telefon arbete": FieldPhone,
	"phone": FieldPhone, "mobile phone": FieldPhone, "business phone": FieldPhone, "home phone": FieldPhone,
	"phone 1 - value": FieldPhone, "phone 2 - value": FieldPhone, "telefonnummer": FieldPhone,
	"adress": FieldStreet, "gatuadress": FieldStreet, "utdelningsadress": FieldStreet, "business street": FieldStreet,
	"home street": FieldStreet, "address 1 - street": FieldStreet, "gatuadress arbete": FieldStreet,
	"postnummer": FieldPostalCode, "postnr": FieldPostalCode, "business postal code": FieldPostalCode,
	"home postal code": FieldPostalCode, "address 1 - postal code": FieldPostalCode, "postnummer arbete": FieldPostalCode,
	"ort": FieldCity, "postort": FieldCity, "stad": FieldCity, "business city": FieldCity, "home city": FieldCity,
	"address 1 - city": FieldCity, "ort arbete": FieldCity,
	"land": FieldCountry, "country": FieldCountry, "business country/region": FieldCountry,
	"address 1 - country": FieldCountry, "land/region arbete": FieldCountry,
}

func foldHeader(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.Trim(s, " \"'"))), " ")
}

// GuessMapping maps each column whose name it knows; a field that takes
// one column (all but e-mail and phone) goes to the first such column.
func GuessMapping(header []string) Mapping {
	m := make(Mapping, len(header))
	taken := map[Field]bool{}
	for i, h := range header {
		f := headerNames[foldHeader(h)]
		if f == FieldNone || taken[f] && f != FieldEmail && f != FieldPhone {
			continue
		}
		m[i], taken[f] = f, true
	}
	return m
}

// Problem is one thing wrong with a row, by the catalogue code of the
// domain's rule (contact.personnummer.checksum, contact.email.format, …)
// and the field it concerns.
type Problem struct {
	Field string
	Code  string
}

// Record is one row read through a mapping: a person or an organisation,
// normalised by the domain's own rules, or the problems that stop it.
type Record struct {
	Line         int
	Person       *contact.PersonDetails
	Organisation *contact.OrganisationDetails
	Problems     []Problem
	Fingerprint  [32]byte // of the row's text: two equal rows are one contact
}

// Name is the record's name as a list shows it.
func (r Record) Name() string {
	switch {
	case r.Person != nil:
		return strings.TrimSpace(r.Person.GivenName + " " + r.Person.FamilyName)
	case r.Organisation != nil:
		return r.Organisation.Name
	}
	return ""
}

// Valid reports whether the record can be imported.
func (r Record) Valid() bool {
	return len(r.Problems) == 0 && (r.Person != nil || r.Organisation != nil)
}

// Records reads every row of t through m. A row with a personnummer or a
// given or family name is a person; one with only an organisation's name
// or number is an organisation (a person's row keeps no employer: the
// role belongs to an affiliation, which an import does not make).
func Records(t Table, m Mapping, now time.Time) ([]Record, error) {
	if len(m) != len(t.Header) {
		return nil, domain.Invalid("mapping", "the mapping names %d columns, the file has %d", len(m), len(t.Header)).
			WithCode("import.mapping.columns")
	}
	if !mapsAName(m) {
		return nil, domain.Invalid("mapping", "no column is mapped to a name").WithCode("import.mapping.no_name")
	}
	out := make([]Record, len(t.Rows))
	for i, row := range t.Rows {
		out[i] = record(row, m, now)
		out[i].Line = t.Lines[i]
	}
	return out, nil
}

func mapsAName(m Mapping) bool {
	for _, f := range m {
		switch f {
		case FieldGivenName, FieldFamilyName, FieldFullName, FieldOrganisation:
			return true
		}
	}
	return false
}

// cells gathers a row's values by field, in column order.
type cells map[Field][]string

func (c cells) one(f Field) string {
	for _, v := range c[f] {
		if v != "" {
			return v
		}
	}
	return ""
}

func record(row []string, m Mapping, now time.Time) Record {
	c := cells{}
	h := sha256.New() // of every cell, mapped or not: the same row under another mapping is the same row
	for i, f := range m {
		v := strings.TrimSpace(row[i])
		h.Write([]byte(v + "\x00"))
		if f == FieldNone || v == "" {
			continue
		}
		c[f] = append(c[f], v)
	}
	var r Record
	copy(r.Fingerprint[:], h.Sum(nil))
	given, family := c.one(FieldGivenName), c.one(FieldFamilyName)
	if given == "" && family == "" {
		given, family = splitName(c.one(FieldFullName))
	}
	emails, phones, addresses := reachability(c)
	var err error
	if given != "" || family != "" || c.one(FieldPersonnummer) != "" {
		p := contact.PersonDetails{GivenName: given, FamilyName: family, Personnummer: c.one(FieldPersonnummer),
			Emails: emails, Phones: phones, Addresses: addresses}
		p, err = contact.NormalisePersonDetails(p, now)
		r.Person = &p
	} else {
		o := contact.OrganisationDetails{Name: c.one(FieldOrganisation), Organisationsnummer: c.one(FieldOrganisationsnummer),
			Emails: emails, Phones: phones, Addresses: addresses}
		o, err = contact.NormaliseOrganisationDetails(o, now)
		r.Organisation = &o
	}
	r.Problems = problems(err)
	return r
}

// splitName takes a full name's last word as the family name ("Anna
// Maria Berg"), or its first when written "Berg, Anna".
func splitName(full string) (given, family string) {
	if before, after, ok := strings.Cut(full, ","); ok {
		return strings.TrimSpace(after), strings.TrimSpace(before)
	}
	words := strings.Fields(full)
	switch len(words) {
	case 0:
		return "", ""
	case 1:
		return "", words[0]
	}
	return strings.Join(words[:len(words)-1], " "), words[len(words)-1]
}

// reachability builds the e-mails, phones and the one postal address a
// row can carry (a street, postal code or city makes an address).
func reachability(c cells) ([]contact.Email, []contact.Phone, []contact.Address) {
	var emails []contact.Email
	for _, e := range c[FieldEmail] {
		emails = append(emails, contact.Email{Address: e})
	}
	var phones []contact.Phone
	for _, p := range c[FieldPhone] {
		phones = append(phones, contact.Phone{Number: p})
	}
	var addresses []contact.Address
	street, code, city := c.one(FieldStreet), c.one(FieldPostalCode), c.one(FieldCity)
	if street != "" || code != "" || city != "" {
		addresses = []contact.Address{{Street: street, PostalCode: code, City: city, Country: country(c.one(FieldCountry))}}
	}
	return emails, phones, addresses
}

// country reads the names of Sweden and its neighbours that exports
// write out; anything else is left to the domain's ISO check.
func country(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "sverige", "sweden":
		return "SE"
	case "norge", "norway":
		return "NO"
	case "danmark", "denmark":
		return "DK"
	case "finland":
		return "FI"
	}
	return s
}

// problems lists a normalisation's refusals by field and code.
func problems(err error) []Problem {
	if err == nil {
		return nil
	}
	var all []error
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		all = joined.Unwrap()
	} else {
		all = []error{err}
	}
	out := make([]Problem, 0, len(all))
	for _, e := range all {
		var de *domain.Error
		if errors.As(e, &de) {
			out = append(out, Problem{Field: de.Field, Code: de.Code})
		} else {
			out = append(out, Problem{Code: "import.row.invalid"})
		}
	}
	return out
}
