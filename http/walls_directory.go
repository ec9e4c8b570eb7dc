package http

import (
	"context"

	"github.com/klient-crm/klient/projections/contacts"
)

// visibleContacts filters a ContactDirectory by a hidden set. The read
// model's Options cannot exclude IDs, so a page is read with room for the
// hidden ones and cut to size here. Pages stay complete: a page may repeat
// up to len(hidden) contacts of the one before it, but never skips one.
type visibleContacts struct {
	inner  ContactDirectory
	hidden hiddenSet
}

// readModelDefaultLimit and readModelMaxLimit mirror projections/contacts.
const (
	readModelDefaultLimit = 25
	readModelMaxLimit     = 200
)

func (v visibleContacts) Get(ctx context.Context, id string) (contacts.Contact, error) {
	if v.hidden.has(id) {
		return contacts.Contact{}, errNoSuchContact
	}
	c, err := v.inner.Get(ctx, id)
	if err != nil {
		return c, err
	}
	kept := c.Affiliations[:0:0]
	for _, a := range c.Affiliations {
		if !v.hidden.has(a.PersonID) && !v.hidden.has(a.OrganisationID) {
			kept = append(kept, a)
		}
	}
	c.Affiliations = kept
	return c, nil
}

// Refs leaves walled contacts out, as if they did not exist.
func (v visibleContacts) Refs(ctx context.Context, ids []string) (map[string]contacts.Ref, error) {
	refs, err := v.inner.Refs(ctx, ids)
	for id := range refs {
		if v.hidden.has(id) {
			delete(refs, id)
		}
	}
	return refs, err
}

func (v visibleContacts) Search(ctx context.Context, q string, opts contacts.Options) ([]contacts.Summary, error) {
	return v.page(opts, func(o contacts.Options) ([]contacts.Summary, error) { return v.inner.Search(ctx, q, o) })
}

func (v visibleContacts) List(ctx context.Context, opts contacts.Options) ([]contacts.Summary, error) {
	return v.page(opts, func(o contacts.Options) ([]contacts.Summary, error) { return v.inner.List(ctx, o) })
}

func (v visibleContacts) page(opts contacts.Options, read func(contacts.Options) ([]contacts.Summary, error)) ([]contacts.Summary, error) {
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
		if !v.hidden.has(c.ID) {
			kept = append(kept, c)
		}
	}
	return kept[:min(len(kept), limit)], nil
}
