package web

import (
	"context"

	"github.com/klient-crm/klient/projections/contacts"
)

// VisibleContacts filters a ContactDirectory by a hidden set. The read
// model's Options cannot exclude IDs, so a page is read with room for the
// hidden ones and cut to size here. Pages stay complete: a page may repeat
// up to len(hidden) contacts of the one before it, but never skips one.
type VisibleContacts struct {
	inner  ContactDirectory
	hidden HiddenSet
}

// readModelDefaultLimit and readModelMaxLimit mirror projections/contacts.
const (
	readModelDefaultLimit = 25
	readModelMaxLimit     = 200
)

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
	if len(v.hidden) == 0 {
		return read(opts)
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = readModelDefaultLimit
	}
	limit = min(limit, readModelMaxLimit)
	opts.Limit = min(limit+len(v.hidden), readModelMaxLimit)
	found, err := read(opts)
	if err != nil {
		return nil, err
	}
	kept := make([]contacts.Summary, 0, len(found))
	for _, c := range found {
		if !v.hidden.Has(c.ID) {
			kept = append(kept, c)
		}
	}
	return kept[:min(len(kept), limit)], nil
}

// NewVisibleContacts is inner without the contacts in hidden.
func NewVisibleContacts(inner ContactDirectory, hidden HiddenSet) VisibleContacts {
	return VisibleContacts{inner: inner, hidden: hidden}
}
