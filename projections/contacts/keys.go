package contacts

import (
	"strings"

	"github.com/klient-crm/klient/domain/contact"
)

// numberKeys lists the digit strings under which an identity number is
// found: a personnummer YYYYMMDD-NNNN by its twelve and its ten digits, an
// organisationsnummer NNNNNN-NNNN by its ten digits and with the "16"
// prefix some registers write.
func numberKeys(number string) []string {
	d := digits(number)
	switch len(d) {
	case 12:
		return []string{d, d[2:]}
	case 10:
		return []string{d, "16" + d}
	case 0:
		return []string{}
	}
	return []string{d}
}

// phoneKeys lists each number's digits in international form (46701234567)
// and, for Swedish numbers, in national form with the trunk 0 (0701234567).
func phoneKeys(phones []contact.Phone) []string {
	keys := []string{}
	for _, p := range phones {
		keys = append(keys, phoneForms(digits(p.Number))...)
	}
	return keys
}

func phoneForms(intl string) []string {
	if intl == "" {
		return nil
	}
	if rest, ok := strings.CutPrefix(intl, "46"); ok {
		return []string{intl, "0" + rest}
	}
	return []string{intl}
}

// emailKeys lists the addresses in lower case: e-mail is matched ignoring case.
func emailKeys(emails []contact.Email) []string {
	keys := []string{}
	for _, e := range emails {
		keys = append(keys, strings.ToLower(strings.TrimSpace(e.Address)))
	}
	return keys
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
