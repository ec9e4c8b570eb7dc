package web

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/staff"
)

// The audit trail and the access log record IDs; the people reading
// them (auditors, the DPO, administrators) read names. This file names
// what those pages show, in words and never by ID, through the reader's
// walls: a person, matter or member the reader may not know of (walled,
// restricted, or simply not there) is named alike, "okänd", so that
// neither a name nor the difference leaks.

// SubjectKind is what a data subject of the logs is.
type SubjectKind string

const (
	SubjectContact SubjectKind = "contact" // a person or organisation, ID the contact's
	SubjectMatter  SubjectKind = "matter"  // ID the matter's subject, matter-<id>
	SubjectStaff   SubjectKind = "staff"   // a staff member (their own data: an account's page)
)

// SubjectRef is one data subject as the audit pages name it.
type SubjectRef struct {
	ID      string
	Kind    SubjectKind
	Name    string // the words to show: "Anna Berg", "Ärende 2026-0042 Tvist", "raderad person"
	Matter  string // matters only: number and, when the reader may see it, title ("2026-0042 Tvist")
	Erased  bool
	Unknown bool // walled, restricted, or not there: named by Kind alone
}

// MatterID is a matter subject's matter ID, else "".
func (s SubjectRef) MatterID() string {
	id, _ := strings.CutPrefix(s.ID, matter.Subject(""))
	if s.Kind != SubjectMatter {
		return ""
	}
	return id
}

// NameSubjects names ids (contacts, matters' subjects, staff members) as
// the principal may know them. Walls hide contacts and matters; a
// restricted person is known only to those who keep the GDPR registers;
// a matter's title only to those who audit or work on it (others get its
// number).
func (s *Kit) NameSubjects(r *http.Request, ids []string) (map[string]SubjectRef, error) {
	ctx, lang := r.Context(), LangOf(r.Context())
	members, err := s.deps.Staff.List(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]staff.Member, len(members))
	for _, m := range members {
		byID[m.ID] = m
	}
	out := map[string]SubjectRef{}
	var contactIDs, matterIDs []string
	for _, id := range Distinct(ids) {
		if m, ok := strings.CutPrefix(id, matter.Subject("")); ok {
			matterIDs = append(matterIDs, m)
			continue
		}
		if m, ok := byID[id]; ok {
			out[id] = staffRef(lang, m)
			continue
		}
		if uuid.Validate(id) == nil {
			contactIDs = append(contactIDs, id)
			continue
		}
		out[id] = unknownRef(lang, id, SubjectContact)
	}
	if err := s.nameContacts(r, contactIDs, out); err != nil {
		return nil, err
	}
	return out, s.nameMatters(r, matterIDs, out)
}

// SearchAccessLog searches the access log for the reader (the DPO's and
// auditors' page, the DPO's mention of a purpose). Need-to-know holds for
// the purposes too: each entry's purpose is sealed once per person read,
// and it opens only through the copy of someone the reader may see, as
// NameSubjects names them — never through that of a person walled off
// from the reader, restricted (for all but the DPO) or unknown, whose
// copy could still open when the visible people's keys are gone. An
// entry left with no such copy reads as a purpose whose keys are gone
// (PurposeErased), so the answer is the same whether someone hidden was
// read or not.
func (s *Kit) SearchAccessLog(r *http.Request, f accesslog.Filter) ([]accesslog.Entry, error) {
	f.MaySee = func(_ context.Context, owners []string) (map[string]bool, error) {
		refs, err := s.NameSubjects(r, owners)
		if err != nil {
			return nil, err
		}
		may := make(map[string]bool, len(refs))
		for id, ref := range refs {
			may[id] = !ref.Unknown && !ref.Erased
		}
		return may, nil
	}
	return s.deps.AccessLog.Search(r.Context(), f)
}

func staffRef(lang i18n.Lang, m staff.Member) SubjectRef {
	if m.Erased || m.Name == "" {
		return SubjectRef{ID: m.ID, Kind: SubjectStaff, Name: i18n.T(lang, "audit.name.erased_staff"), Erased: true}
	}
	return SubjectRef{ID: m.ID, Kind: SubjectStaff, Name: m.Name}
}

func unknownRef(lang i18n.Lang, id string, kind SubjectKind) SubjectRef {
	return SubjectRef{ID: id, Kind: kind, Name: i18n.T(lang, "audit.name.unknown_"+string(kind)), Unknown: true}
}

func (s *Kit) nameContacts(r *http.Request, ids []string, out map[string]SubjectRef) error {
	if len(ids) == 0 {
		return nil
	}
	ctx, lang := r.Context(), LangOf(r.Context())
	hidden, err := s.Hidden(r)
	if err != nil {
		return err
	}
	refs, err := s.deps.Contacts.Refs(ctx, ids)
	if err != nil {
		return err
	}
	p, _ := PrincipalOf(ctx)
	for _, id := range ids {
		ref, found := refs[id]
		name := ref.DisplayName
		switch {
		case !found || hidden.Has(id):
			out[id] = unknownRef(lang, id, SubjectContact)
			continue
		case ref.Erased:
			out[id] = SubjectRef{ID: id, Kind: SubjectContact, Name: i18n.T(lang, "audit.name.erased_person"), Erased: true}
			continue
		case ref.Restricted && !p.Can(access.GDPRManage):
			out[id] = unknownRef(lang, id, SubjectContact)
			continue
		case ref.Restricted:
			c, err := s.deps.Restricted.WholeContact(ctx, id)
			if err != nil && !domain.IsKind(err, domain.KindNotFound) {
				return err
			}
			name = c.DisplayName
		}
		if name == "" {
			out[id] = unknownRef(lang, id, SubjectContact)
			continue
		}
		out[id] = SubjectRef{ID: id, Kind: SubjectContact, Name: name}
	}
	return nil
}

func (s *Kit) nameMatters(r *http.Request, ids []string, out map[string]SubjectRef) error {
	if len(ids) == 0 {
		return nil
	}
	ctx := r.Context()
	gate, err := s.MatterGate(r)
	if err != nil {
		return err
	}
	found, err := s.deps.Matters.GetMany(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		out[matter.Subject(id)] = unknownRef(LangOf(ctx), matter.Subject(id), SubjectMatter)
	}
	for _, m := range found {
		if !gate.WallsOff(m) {
			out[matter.Subject(m.ID)] = s.matterRef(r, gate, m)
		}
	}
	return nil
}

// WallsOff reports a matter a wall keeps the viewer from: the matter
// itself, or one of its clients. Need-to-know is not weighed (Allows
// does): auditors read every matter no wall keeps them from.
func (g MatterGate) WallsOff(m matters.Matter) bool {
	return g.WalledMatter(m.ID) || slices.ContainsFunc(m.ClientIDs, g.WalledContact)
}

// matterRef names a matter by number, and by title too for those who
// audit or work on it.
func (s *Kit) matterRef(r *http.Request, gate MatterGate, m matters.Matter) SubjectRef {
	lang := LangOf(r.Context())
	p, _ := PrincipalOf(r.Context())
	ref := SubjectRef{ID: matter.Subject(m.ID), Kind: SubjectMatter, Matter: m.Number, Erased: m.Erased}
	switch {
	case m.Erased:
		ref.Matter += " " + i18n.T(lang, "matters.erased")
	case p.Can(access.AuditView) || gate.Allows(m):
		ref.Matter += " " + m.Title
	}
	ref.Name = i18n.T(lang, "audit.name.matter", ref.Matter)
	return ref
}

// FindPeople are the contacts and staff members whose name matches what
// a reader typed, through their walls (restricted persons for the DPO
// only), for a filter that picks a person. The caller logs the view of
// the contacts it shows.
func (s *Kit) FindPeople(r *http.Request, q string) ([]SubjectRef, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	p, _ := PrincipalOf(r.Context())
	dir, err := s.Contacts(r)
	if err != nil {
		return nil, err
	}
	found, err := dir.Search(r.Context(), q, contacts.Options{IncludeArchived: true,
		IncludeRestricted: p.Can(access.GDPRManage), Limit: pickerMatches})
	if err != nil {
		return nil, err
	}
	var out []SubjectRef
	for _, c := range found {
		out = append(out, SubjectRef{ID: c.ID, Kind: SubjectContact, Name: c.DisplayName})
	}
	members, err := s.deps.Staff.List(r.Context())
	for _, m := range members {
		if m.Name != "" && strings.Contains(strings.ToLower(m.Name), strings.ToLower(q)) && len(out) < 2*pickerMatches {
			out = append(out, SubjectRef{ID: m.ID, Kind: SubjectStaff, Name: m.Name})
		}
	}
	return out, err
}

// FindMatters are the matters whose number or title matches what a
// reader typed: every matter no wall keeps them from when they audit,
// else those they work on.
func (s *Kit) FindMatters(r *http.Request, q string) ([]SubjectRef, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	p, _ := PrincipalOf(r.Context())
	gate, err := s.MatterGate(r)
	if err != nil {
		return nil, err
	}
	targets, err := s.WalledTargets(r)
	if err != nil {
		return nil, err
	}
	found, err := s.deps.Matters.List(r.Context(), matters.Filter{Query: q, Everyone: p.Can(access.AuditView),
		Viewer: p.Viewer(), WalledTargets: targets, Limit: pickerMatches})
	out := make([]SubjectRef, 0, len(found))
	for _, m := range found {
		out = append(out, s.matterRef(r, gate, m))
	}
	return out, err
}

// pickerMatches is how many matches a picker offers at most.
const pickerMatches = 20

// ContactIDs are the contacts among refs, for the access log.
func ContactIDs(refs []SubjectRef) []string {
	var ids []string
	for _, s := range refs {
		if s.Kind == SubjectContact && !s.Unknown {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// ActorName is who did something, in words: a staff member by name, a
// job of Klient's own by what it is, and anyone else as unknown.
func ActorName(lang i18n.Lang, names map[string]string, id string) string {
	if name, ok := names[id]; ok {
		if name == "" {
			return i18n.T(lang, "audit.name.erased_staff")
		}
		return name
	}
	if key := "audit.actor." + strings.ReplaceAll(id, "-", "_"); i18n.Has(key) {
		return i18n.T(lang, key)
	}
	return i18n.T(lang, "audit.name.unknown_staff")
}

// AccessWords is what an access-log entry says someone did, in words:
// the route's action ("visade kontakten") and, when not a page, how
// ("via API:t").
func AccessWords(lang i18n.Lang, action access.Action, via accesslog.Via) string {
	words := i18n.T(lang, ActionKey(action))
	if via != "" && via != accesslog.ViaPage {
		words += " " + i18n.T(lang, "audit.via."+string(via))
	}
	return words
}

// ActionKey is the catalogue key of an action's words.
func ActionKey(action access.Action) string {
	return "audit.action." + strings.ReplaceAll(string(action), ".", "_")
}

// Picker is a filter that picks a person or a matter by search, without
// JavaScript: the words typed are posted, never put in a URL; the page
// offers what they match; the choice is an ID, which a link may carry.
type Picker struct {
	Field    string      // the form field the choice fills: "subject", "matter"
	Legend   string      // catalogue key
	ByMatter bool        // the field takes a matter's ID, not its subject's
	Chosen   *SubjectRef // the filter's choice now, by name
	Typed    string      // the words typed, shown again
	Matches  []SubjectRef
	Searched bool
}

// ValueOf is what choosing ref sends in the picker's field.
func (p Picker) ValueOf(ref SubjectRef) string {
	if p.ByMatter && ref.Kind == SubjectMatter {
		return ref.MatterID()
	}
	return ref.ID
}

// Offer fills p with what words find (FindPeople, FindMatters) and logs
// the view of the contacts it offers; no words, no search.
func (s *Kit) Offer(r *http.Request, p *Picker, words string, find func(*http.Request, string) ([]SubjectRef, error)) error {
	if words == "" {
		return nil
	}
	found, err := find(r, words)
	if err != nil {
		return err
	}
	p.Typed, p.Searched = words, true
	for _, ref := range found {
		if p.Chosen == nil || ref.ID != p.Chosen.ID {
			p.Matches = append(p.Matches, ref)
		}
	}
	return s.RecordView(r, ContactIDs(p.Matches))
}
