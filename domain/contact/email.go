package contact

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"

	"github.com/klient-crm/klient/domain"
)

// MaxEmails is how many e-mail addresses one contact may have.
const MaxEmails = 10

const maxEmailLength = 254 // the longest address SMTP can carry

func cleanEmails(emails []Email) ([]Email, error) {
	if len(emails) > MaxEmails {
		return nil, domain.Invalid("emails", "at most %d e-mail addresses", MaxEmails).WithCode("contact.email.too_many")
	}
	var out []Email
	var p domain.Problems
	seen := map[string]bool{}
	for i, e := range emails {
		field := fmt.Sprintf("emails[%d]", i)
		c, err := cleanEmail(field, e)
		p.Add(err)
		if err == nil && seen[strings.ToLower(c.Address)] {
			p.Add(domain.Invalid(field+".address", "this e-mail address is listed twice").WithCode("contact.email.duplicate"))
		}
		seen[strings.ToLower(c.Address)] = true
		out = append(out, c)
	}
	return out, p.Err()
}

func cleanEmail(field string, e Email) (Email, error) {
	var p domain.Problems
	address, err := cleanEmailAddress(field+".address", e.Address)
	p.Add(err)
	label, err := cleanText(field+".label", e.Label, maxLabelLength, false)
	p.Add(err)
	return Email{Address: address, Label: label}, p.Err()
}

// cleanEmailAddress takes a bare address (no display name) whose domain has
// at least one dot, and lower-cases the domain; the local part is the
// recipient's business and keeps its case.
func cleanEmailAddress(field, s string) (string, error) {
	s, err := cleanText(field, s, maxEmailLength, true)
	if err != nil {
		return "", err
	}
	bad := domain.Invalid(field, "this is not an e-mail address").WithCode("contact.email.format")
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", bad
	}
	at := strings.LastIndexByte(s, '@')
	host := strings.ToLower(s[at+1:])
	if !validMailDomain(host) {
		return "", bad
	}
	return s[:at+1] + host, nil
}

// validMailDomain wants dot-separated labels of letters, digits and
// hyphens (Swedish å, ä, ö included), at least two of them.
func validMailDomain(host string) bool {
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' || strings.IndexFunc(l, notHostRune) >= 0 {
			return false
		}
	}
	return true
}

func notHostRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }
