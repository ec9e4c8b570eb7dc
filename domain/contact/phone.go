package contact

import (
	"fmt"
	"strings"

	"github.com/klient-crm/klient/domain"
)

// MaxPhones is how many phone numbers one contact may have.
const MaxPhones = 10

func cleanPhones(phones []Phone) ([]Phone, error) {
	if len(phones) > MaxPhones {
		return nil, domain.Invalid("phones", "at most %d phone numbers", MaxPhones).WithCode("contact.phone.too_many")
	}
	var out []Phone
	var p domain.Problems
	seen := map[string]bool{}
	for i, ph := range phones {
		field := fmt.Sprintf("phones[%d]", i)
		c, err := cleanPhone(field, ph)
		p.Add(err)
		if err == nil && seen[c.Number] {
			p.Add(domain.Invalid(field+".number", "this phone number is listed twice").WithCode("contact.phone.duplicate"))
		}
		seen[c.Number] = true
		out = append(out, c)
	}
	return out, p.Err()
}

func cleanPhone(field string, ph Phone) (Phone, error) {
	var p domain.Problems
	number, err := cleanPhoneNumber(field+".number", ph.Number)
	p.Add(err)
	label, err := cleanText(field+".label", ph.Label, maxLabelLength, false)
	p.Add(err)
	return Phone{Number: number, Label: label}, p.Err()
}

// cleanPhoneNumber turns what people type (070-123 45 67, 08 12 34 56,
// +46 70 123 45 67, 0044 20 …) into one international form (+46701234567)
// so that the same number is always stored the same way.
func cleanPhoneNumber(field, s string) (string, error) {
	s, err := cleanText(field, s, 32, true)
	if err != nil {
		return "", err
	}
	digits := strings.NewReplacer(" ", "", "-", "").Replace(s)
	var international string
	switch {
	case strings.HasPrefix(digits, "+"):
		international = digits[1:]
	case strings.HasPrefix(digits, "00"):
		international = digits[2:]
	case strings.HasPrefix(digits, "0"):
		international = "46" + digits[1:] // a Swedish number with its trunk 0
	default:
		return "", domain.Invalid(field, "write the number with its area code (07…, 08…) or as +country code").WithCode("contact.phone.format")
	}
	if !allDigits(international) {
		return "", domain.Invalid(field, "a phone number holds only digits, spaces, dashes and a leading +").WithCode("contact.phone.format")
	}
	// "+46 (0)70…" is often typed without the brackets: the 0 is not dialled.
	if strings.HasPrefix(international, "460") {
		international = "46" + international[3:]
	}
	if len(international) < 7 || len(international) > 15 {
		return "", domain.Invalid(field, "a phone number has between 7 and 15 digits with its country code").WithCode("contact.phone.length")
	}
	return "+" + international, nil
}
