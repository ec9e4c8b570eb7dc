package web

import (
	"net/http"
	"slices"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/staff"
)

// StaffOption is a staff member as a form's choice offers them.
type StaffOption struct {
	ID, Name string
	Selected bool
}

// ContactRef is a contact as a casework page names it. A contact the
// principal is walled from is Hidden and shows neither name nor link.
type ContactRef struct {
	ID     string
	Name   string
	Erased bool
	Hidden bool
}

// ActiveStaff lists the members who can be chosen for work now.
func (s *Kit) ActiveStaff(r *http.Request) ([]staff.Member, error) {
	all, err := s.deps.Staff.List(r.Context())
	active := all[:0:0]
	for _, m := range all {
		if m.Active {
			active = append(active, m)
		}
	}
	return active, err
}

// StaffOptions offers members (only lawyers when lawyers is set), with
// selected chosen.
func StaffOptions(members []staff.Member, lawyers bool, selected ...string) []StaffOption {
	var out []StaffOption
	for _, m := range members {
		if lawyers && !slices.Contains(m.Roles, access.RoleLawyer) {
			continue
		}
		out = append(out, StaffOption{ID: m.ID, Name: m.Name, Selected: slices.Contains(selected, m.ID)})
	}
	return out
}

// NamesOf maps staff IDs to names.
func NamesOf(members []staff.Member) map[string]string {
	names := make(map[string]string, len(members))
	for _, m := range members {
		names[m.ID] = m.Name
	}
	return names
}

// ContactRefs names contacts through the walls. The caller logs the view
// of whichever it shows.
func (s *Kit) ContactRefs(r *http.Request, ids []string) ([]ContactRef, error) {
	dir, err := s.Contacts(r)
	if err != nil {
		return nil, err
	}
	found, err := dir.Refs(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	out := make([]ContactRef, 0, len(ids))
	for _, id := range ids {
		c, ok := found[id]
		switch {
		case !ok:
			out = append(out, ContactRef{ID: id, Hidden: true})
		case c.Restricted && !c.Erased:
			return nil, domain.Forbidden("processing of this contact's data is restricted").WithCode("contact.restricted")
		default:
			out = append(out, ContactRef{ID: id, Name: c.DisplayName, Erased: c.Erased})
		}
	}
	return out, nil
}

// ContactRefsByID names the distinct contacts of ids in one read, for a
// list whose rows link many contacts, some of them repeatedly.
func (s *Kit) ContactRefsByID(r *http.Request, ids []string) (map[string]ContactRef, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	refs, err := s.ContactRefs(r, ids)
	out := make(map[string]ContactRef, len(refs))
	for _, c := range refs {
		out[c.ID] = c
	}
	return out, err
}

// Shown are the IDs of the refs a page shows, for the access log.
func Shown(refs []ContactRef) []string {
	var ids []string
	for _, c := range refs {
		if !c.Hidden {
			ids = append(ids, c.ID)
		}
	}
	return ids
}
