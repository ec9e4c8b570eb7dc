package web

import (
	"net/http"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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

// MatterStaff are the members whose roles let them see matters (need-to-know
// still decides which): the only ones worth putting on a matter's team or
// granting access to it.
func MatterStaff(members []staff.Member) []staff.Member {
	var out []staff.Member
	for _, m := range members {
		if access.Allows(m.Roles, access.MatterView) {
			out = append(out, m)
		}
	}
	return out
}

// TeamName is a team as people read it. A team is kept as a slug (lower-case
// letters, digits and hyphens: "processratt", "m-och-a"), an identifier in
// events, forms and walls. A team named after one of the firm's practice
// areas reads as the area, with its Swedish letters ("processratt" is
// "Processrätt"); any other has spaces for hyphens ("m-och-a" is
// "M och a"). The first letter is a capital either way.
func TeamName(team string, areas []string) string {
	name := strings.ReplaceAll(team, "-", " ")
	for _, a := range areas {
		if slug(a) == team {
			name = a
			break
		}
	}
	r, size := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[size:]
}

// slug folds a practice area the way team slugs are written: lower case,
// å, ä and ö as a, a and o, spaces and other marks as hyphens.
func slug(area string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(area) {
		switch {
		case r == 'å' || r == 'ä' || r == 'á' || r == 'à':
			b.WriteRune('a')
		case r == 'ö' || r == 'ø' || r == 'ó':
			b.WriteRune('o')
		case r == 'é' || r == 'è':
			b.WriteRune('e')
		case r == 'ü':
			b.WriteRune('u')
		case ('a' <= r && r <= 'z') || ('0' <= r && r <= '9'):
			b.WriteRune(r)
		default:
			b.WriteRune('-')
		}
	}
	return b.String()
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
