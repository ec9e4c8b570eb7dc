package contacts

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/http/web"
)

// parseInput reads the contact form. Rows are named like the domain's field
// paths ("emails[1].address"), so an error lands next to its input.
func parseInput(r *http.Request) (contactInput, error) {
	if err := r.ParseForm(); err != nil {
		return contactInput{}, web.FormError(err)
	}
	f := r.PostForm
	in := contactInput{Kind: f.Get("kind"), Version: f.Get("version")}
	in.Person = contact.PersonDetails{GivenName: f.Get("given_name"), FamilyName: f.Get("family_name"),
		Personnummer: f.Get("personnummer"), ProtectedIdentity: f.Get("protected_identity") != ""}
	in.Org = contact.OrganisationDetails{Name: f.Get("name"), Organisationsnummer: f.Get("organisationsnummer")}
	in.Emails = formRows(f, "emails", contact.MaxEmails, func(get func(string) string) contact.Email {
		return contact.Email{Address: get("address"), Label: get("label")}
	})
	in.Phones = formRows(f, "phones", contact.MaxPhones, func(get func(string) string) contact.Phone {
		return contact.Phone{Number: get("number"), Label: get("label")}
	})
	in.Addrs = formRows(f, "addresses", contact.MaxAddresses, func(get func(string) string) contact.Address {
		return contact.Address{Label: get("label"), Street: get("street"), PostalCode: get("postal_code"),
			City: get("city"), Country: get("country")}
	})
	return in, nil
}

// formRows reads list rows 0, 1, … until one is absent from the form.
func formRows[T any](f url.Values, list string, max int, row func(get func(string) string) T) []T {
	var out []T
	for i := 0; i < max; i++ {
		prefix := fmt.Sprintf("%s[%d].", list, i)
		present := false
		get := func(name string) string {
			v, ok := f[prefix+name]
			present = present || ok
			if !ok {
				return ""
			}
			return v[0]
		}
		r := row(get)
		if !present {
			break
		}
		out = append(out, r)
	}
	return out
}

// rowMap remembers, for each list, which form row each sent row came from:
// blank rows are not sent, so "emails[1]" may be the form's third row.
type rowMap map[string][]int

// filled drops blank rows, returning the rows kept and where they came from.
func filled[T any](rows []T, blank func(T) bool) ([]T, []int) {
	var kept []T
	var from []int
	for i, r := range rows {
		if !blank(r) {
			kept, from = append(kept, r), append(from, i)
		}
	}
	return kept, from
}

// formField turns a domain field path back into the form's own row index.
func (m rowMap) formField(field string) string {
	list, rest, ok := strings.Cut(field, "[")
	idx, tail, ok2 := strings.Cut(rest, "]")
	i, err := strconv.Atoi(idx)
	if !ok || !ok2 || err != nil || i < 0 || i >= len(m[list]) {
		return field
	}
	return fmt.Sprintf("%s[%d]%s", list, m[list][i], tail)
}
