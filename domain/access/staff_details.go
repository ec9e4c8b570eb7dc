package access

import (
	"net/mail"
	"slices"
	"strings"

	"github.com/klient-crm/klient/domain"
)

// NormaliseStaffDetails checks d and returns it in the one form Klient
// stores: trimmed, the e-mail address in lower case (it is the sign-in
// name, and nobody signs in with the case they registered). The error joins
// one *domain.Error per problem, with Field "name" or "email".
func NormaliseStaffDetails(d StaffDetails) (StaffDetails, error) {
	name, nameErr := cleanText("name", d.Name, maxNameLength)
	email, emailErr := cleanEmail("email", d.Email)
	return StaffDetails{Name: name, Email: email}, domain.JoinProblems(nameErr, emailErr)
}

// cleanEmail takes a bare address (no display name) whose domain has at
// least two dot-separated labels. The contact context's fuller check is not
// exported; this one need only accept the firm's own addresses.
func cleanEmail(field, s string) (string, error) {
	s, err := cleanText(field, s, maxEmailLength)
	if err != nil {
		return "", err
	}
	bad := domain.Invalid(field, "this is not an e-mail address").WithCode("staff.email.format")
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", bad
	}
	host := s[strings.LastIndexByte(s, '@')+1:]
	labels := strings.Split(host, ".")
	if len(labels) < 2 || slices.Contains(labels, "") || strings.ContainsAny(host, "[]") {
		return "", bad
	}
	return strings.ToLower(s), nil
}
