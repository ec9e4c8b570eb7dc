package contacts

import (
	"github.com/klient-crm/klient/http/web"
)

// formPage is the view of the new-contact and edit-contact form.
type formPage struct {
	Name           string // the contact's name when editing
	Action, Cancel string
	Kind, ID       string
	Version        string
	IsPerson       bool
	Editing        bool // false: a new contact, whose chosen ID rides along
	Protected      bool
	Identity       []formField
	Emails, Phones []formRow
	Addresses      []formRow
	ListErrors     web.FieldMessages // "emails", "phones", "addresses": a whole list's problem
	HasErrors      bool
	Summary        string // an error that belongs to no field
	Stale          bool   // someone else changed the contact meanwhile
	// Duplicates are the contacts a new one resembles: the form is shown
	// again with them and "register anyway".
	Duplicates []duplicateView
	// Existing is the contact that holds the number the form gave, when
	// the person may see it.
	Existing *duplicateView
}

// formProblem is one message of the error summary, after the label (a
// catalogue key) of what it is about, and where it links: the field's
// input, or a whole list's message.
type formProblem struct{ Target, Label, Message string }

// Problems are the form's messages in the order of its fields, for the
// error summary at the top.
func (p formPage) Problems() []formProblem {
	var out []formProblem
	fields := func(fs []formField) {
		for _, f := range fs {
			if f.Error != "" {
				out = append(out, formProblem{Target: f.ID, Label: f.Label, Message: f.Error})
			}
		}
	}
	fields(p.Identity)
	for _, list := range []struct {
		name string
		rows []formRow
	}{{"emails", p.Emails}, {"phones", p.Phones}, {"addresses", p.Addresses}} {
		if msg := p.ListErrors[list.name]; msg != "" {
			out = append(out, formProblem{Target: "error-" + list.name, Label: "contact.field." + list.name, Message: msg})
		}
		for _, r := range list.rows {
			fields(r.Fields)
		}
	}
	return out
}

func buildFormPage(in contactInput, msgs web.FieldMessages, summary string) formPage {
	p := formPage{
		Kind: in.Kind, ID: in.ID, Version: in.Version, IsPerson: in.Kind != kindOrganisation,
		Protected: in.Person.ProtectedIdentity, Identity: identityFields(in, msgs),
		Emails: emailRows(in, msgs), Phones: phoneRows(in, msgs), Addresses: addressRows(in, msgs),
		ListErrors: msgs, HasErrors: len(msgs) > 0 || summary != "", Summary: summary,
		Action: "/contacts", Cancel: "/contacts",
	}
	if in.Version != "" {
		p.Editing, p.Name = true, in.displayName()
		p.Action, p.Cancel = "/contacts/"+in.ID, "/contacts/"+in.ID
	}
	return p
}

func (in contactInput) displayName() string {
	if in.Kind == kindOrganisation {
		return in.Org.Name
	}
	return in.Person.GivenName + " " + in.Person.FamilyName
}

// formMessages turns a failed command into messages next to the form's
// fields (rows renumbered to the form's own) and a summary for the rest.
func formMessages(p web.Problem, m rowMap) (web.FieldMessages, string) {
	msgs := web.FieldMessages{}
	for _, e := range p.Errors {
		name := m.formField(e.Field)
		if _, taken := msgs[name]; !taken {
			msgs[name] = e.Message
		}
	}
	if len(p.Errors) == 0 {
		return msgs, p.Detail
	}
	return msgs, ""
}

// staleCode is the code commands give a stale expected version.
const staleCode = "contact.changed_meanwhile"

func isStale(err error) bool { return web.HasCode(err, staleCode) }
