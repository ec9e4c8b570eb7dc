package web

import (
	"context"

	"github.com/klient-crm/klient/projections/contacts"
)

// VisibleContacts filters a ContactDirectory by a hidden set. Lists and
// searches leave the hidden contacts out in the query (Options.Exclude),
// so a page is as long as asked and the next one starts where it ended:
// nothing is repeated, skipped, or given away by a short page.
type VisibleContacts struct {
	inner  ContactDirectory
	hidden HiddenSet
}

func (v VisibleContacts) Get(ctx context.Context, id string) (contacts.Contact, error) {
	if v.hidden.Has(id) {
		return contacts.Contact{}, ErrNoSuchContact
	}
	c, err := v.inner.Get(ctx, id)
	if err != nil {
		return c, err
	}
	kept := c.Affiliations[:0:0]
	for _, a := range c.Affiliations {
		if !v.hidden.Has(a.PersonID) && !v.hidden.Has(a.OrganisationID) {
			kept = append(kept, a)
		}
	}
	c.Affiliations = kept
	return c, nil
}

// Refs leaves walled contacts out, as if they did not exist.
func (v VisibleContacts) Refs(ctx context.Context, ids []string) (map[string]contacts.Ref, error) {
	refs, err := v.inner.Refs(ctx, ids)
	for id := range refs {
		if v.hidden.Has(id) {
			delete(refs, id)
		}
	}
	return refs, err
}

func (v VisibleContacts) Search(ctx context.Context, q string, opts contacts.Options) ([]contacts.Summary, error) {
	return v.page(opts, func(o contacts.Options) ([]contacts.Summary, error) { return v.inner.Search(ctx, q, o) })
}

func (v VisibleContacts) List(ctx context.Context, opts contacts.Options) ([]contacts.Summary, error) {
	return v.page(opts, func(o contacts.Options) ([]contacts.Summary, error) { return v.inner.List(ctx, o) })
}

func (v VisibleContacts) page(opts contacts.Options, read func(contacts.Options) ([]contacts.Summary, error)) ([]contacts.Summary, error) {
	opts.Exclude = append([]string(nil), opts.Exclude...)
	for id := range v.hidden {
		opts.Exclude = append(opts.Exclude, id)
	}
	found, err := read(opts)
	kept := make([]contacts.Summary, 0, len(found))
	for _, c := range found {
		if !v.hidden.Has(c.ID) { // the query left them out; a directory that did not still may not show them
			kept = append(kept, c)
		}
	}
	return kept, err
}

// NewVisibleContacts is inner without the contacts in hidden.
func NewVisibleContacts(inner ContactDirectory, hidden HiddenSet) VisibleContacts {
	return VisibleContacts{inner: inner, hidden: hidden}
}
