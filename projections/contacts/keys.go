package contacts

import (
	"strings"

	"github.com/klient-crm/klient/domain/contact"
)

// lookupKeys lists the exact keys a contact is found by (lookup_keys).
func lookupKeys(number string, emails []contact.Email, phones []contact.Phone) []string {
	keys := numberKeys(number)
	for _, e := range emails {
		keys = append(keys, "e:"+strings.ToLower(strings.TrimSpace(e.Address)))
	}
	for _, p := range phones {
		keys = append(keys, phoneKeys(digits(p.Number))...)
	}
	return keys
}

// numberKeys lists the digit strings under which an identity number is
// found: a personnummer YYYYMMDD-NNNN by its twelve and its ten digits, an
// organisationsnummer NNNNNN-NNNN by its ten digits and with the "16"
// prefix some registers write.
func numberKeys(number string) []string {
	d := digits(number)
	switch len(d) {
	case 0:
		return []string{}
	case 12:
		return []string{"n:" + d, "n:" + d[2:]}
	case 10:
		return []string{"n:" + d, "n:16" + d}
	}
	return []string{"n:" + d}
}

// phoneKeys lists a number's digits in international form (46701234567)
// and, for Swedish numbers, in national form with the trunk 0 (0701234567).
func phoneKeys(intl string) []string {
	if intl == "" {
		return nil
	}
	if rest, ok := strings.CutPrefix(intl, "46"); ok {
		return []string{"p:" + intl, "p:0" + rest}
	}
	return []string{"p:" + intl}
}

// numberLookups turns the digit strings a search may mean into the keys of
// both identity numbers and phone numbers.
func numberLookups(candidates []string) []string {
	out := make([]string, 0, 2*len(candidates))
	for _, d := range candidates {
		out = append(out, "n:"+d, "p:"+d)
	}
	return out
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
