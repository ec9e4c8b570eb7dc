package conflicts

import (
	"strings"

	"github.com/klient-crm/klient/domain/contact"
)

// Kinds of term in conflict_index_v1.
const (
	kindName   = "name"
	kindNumber = "number"
	kindEmail  = "email"
)

// terms are the rows one details event puts in the index, as parallel
// lists for unnest. A name's term is left empty: the database folds it.
type terms struct {
	kinds, terms, written []string
}

func (t *terms) add(kind, term, written string) {
	if written == "" || (kind != kindName && term == "") {
		return
	}
	for i := range t.kinds {
		if t.kinds[i] == kind && t.terms[i] == term && (kind != kindName || t.written[i] == written) {
			return
		}
	}
	t.kinds, t.terms, t.written = append(t.kinds, kind), append(t.terms, term), append(t.written, written)
}

func (t *terms) addEmails(emails []contact.Email) {
	for _, e := range emails {
		t.add(kindEmail, emailTerm(e.Address), strings.TrimSpace(e.Address))
	}
}

func personTerms(d contact.PersonDetails) terms {
	var t terms
	t.add(kindName, "", strings.TrimSpace(d.GivenName+" "+d.FamilyName))
	t.add(kindNumber, numberTerm(d.Personnummer), d.Personnummer)
	t.addEmails(d.Emails)
	return t
}

func organisationTerms(d contact.OrganisationDetails) terms {
	var t terms
	t.add(kindName, "", strings.TrimSpace(d.Name))
	t.add(kindNumber, numberTerm(d.Organisationsnummer), d.Organisationsnummer)
	t.addEmails(d.Emails)
	return t
}

// numberTerm is the last ten digits of an identity number: all of an
// organisationsnummer, and the part of a personnummer that every way of
// writing it shares (YYMMDD-NNNN, YYYYMMDDNNNN, with or without the "16"
// some registers put before an organisationsnummer). Shorter digit strings
// are kept whole; a string without digits is no number.
func numberTerm(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if len(d) > 10 {
		return d[len(d)-10:]
	}
	return d
}

// emailTerm compares addresses in lower case: nobody's two mailboxes
// differ only by case.
func emailTerm(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
