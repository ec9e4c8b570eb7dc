package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/contacts"
)

// ErrNoSuchContact is what a walled contact looks like: exactly the read
// model's answer for an ID that does not exist, so a wall does not give
// away that there is something behind it.
var ErrNoSuchContact = domain.NotFound("there is no such contact").WithCode("contact.not_found")

// HiddenSet holds the IDs of the contacts an ethical wall keeps the
// principal away from, lower-cased as the commands canonicalise them.
type HiddenSet map[string]bool

func (h HiddenSet) Has(id string) bool { return h[strings.ToLower(strings.TrimSpace(id))] }

type hiddenKey struct{}

// Hidden returns the walled contacts of the request's principal, asking
// the staff read model once per request.
func (s *Kit) Hidden(r *http.Request) (HiddenSet, error) {
	if h, ok := r.Context().Value(hiddenKey{}).(HiddenSet); ok {
		return h, nil
	}
	targets, err := s.WalledTargets(r)
	if err != nil {
		return nil, err
	}
	h := HiddenSet{}
	var walled []string
	for _, t := range targets {
		if t.Kind == access.TargetContact {
			h[strings.ToLower(t.ID)] = true
			walled = append(walled, strings.ToLower(t.ID))
		}
	}
	if len(walled) == 0 {
		return h, nil
	}
	// A wall before a contact merged into another stands before the
	// survivor too: it holds what the merged contact held (issue 14).
	survivors, err := s.deps.Contacts.Survivors(r.Context(), walled)
	for _, survivor := range survivors {
		h[strings.ToLower(survivor)] = true
	}
	return h, err
}

// Unwalled guards every route that names a contact by ID ({id}): a walled
// contact answers 404 before the handler runs, for reading and writing
// alike. The set is kept on the request for the handler's own queries.
func (s *Kit) Unwalled(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, err := s.Hidden(r)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		if h.Has(chi.URLParam(r, "id")) {
			p, _ := PrincipalOf(r.Context())
			s.Refused(r, p.StaffID, "walled")
			s.Fail(w, r, ErrNoSuchContact)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), hiddenKey{}, h)))
	})
}

// Contacts is the contact read model as this request's principal may see
// it: walled contacts are left out of lists and searches, refused by ID,
// and dropped from other contacts' affiliations. Every handler reads
// contacts through it, never through Deps.Contacts directly.
func (s *Kit) Contacts(r *http.Request) (ContactDirectory, error) {
	h, err := s.Hidden(r)
	if err != nil {
		return nil, err
	}
	return VisibleContacts{inner: s.deps.Contacts, hidden: h}, nil
}

// VisibleContact reads one contact through the walls, without logging a
// view: for answers to writes, which show what the writer just sent.
func (s *Kit) VisibleContact(r *http.Request, id string) (contacts.Contact, error) {
	dir, err := s.Contacts(r)
	if err != nil {
		return contacts.Contact{}, err
	}
	return dir.Get(r.Context(), id)
}

// RestrictedCode is the contacts read model's answer for a person whose
// processing is restricted (art. 18).
const RestrictedCode = "contact.restricted"

// ReadContact reads contact id as the principal may see it, without
// logging a view. Walled contacts answer 404, and so do restricted
// persons: a restriction leaves the data stored only, so to everyone but
// those who keep the GDPR registers (the data-protection officer) the
// person is not there at all. The DPO reads a restricted person whole.
func (s *Kit) ReadContact(r *http.Request, id string) (contacts.Contact, error) {
	dir, err := s.Contacts(r)
	if err != nil {
		return contacts.Contact{}, err
	}
	c, err := dir.Get(r.Context(), id)
	if !HasCode(err, RestrictedCode) {
		return c, err
	}
	p, _ := PrincipalOf(r.Context())
	if !p.Can(access.GDPRManage) {
		s.Refused(r, p.StaffID, "restricted")
		return contacts.Contact{}, ErrNoSuchContact
	}
	h, err := s.Hidden(r)
	if err != nil {
		return contacts.Contact{}, err
	}
	return NewVisibleContacts(wholeContacts{ContactDirectory: dir, register: s.deps.Restricted}, h).Get(r.Context(), id)
}

// wholeContacts is a directory whose Get includes restricted persons.
type wholeContacts struct {
	ContactDirectory
	register RestrictedContacts
}

func (w wholeContacts) Get(ctx context.Context, id string) (contacts.Contact, error) {
	return w.register.WholeContact(ctx, id)
}

// WalledTargets are what ethical walls keep the principal from, read from
// the staff read model at most once per request.
func (s *Kit) WalledTargets(r *http.Request) ([]access.Target, error) {
	p, _ := PrincipalOf(r.Context())
	if p.Memo != nil && p.Memo.wallsRead {
		return p.Memo.walls, nil
	}
	targets, err := s.deps.Staff.WalledTargets(r.Context(), p.Viewer())
	if err == nil && p.Memo != nil {
		p.Memo.walls, p.Memo.wallsRead = targets, true
	}
	return targets, err
}

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
	related := c.Relationships[:0:0]
	for _, rel := range c.Relationships {
		if !v.hidden.Has(rel.OtherID) {
			related = append(related, rel)
		}
	}
	c.Relationships = related
	return c, nil
}

// Survivors answers for the contacts the reader may see.
func (v VisibleContacts) Survivors(ctx context.Context, ids []string) (map[string]string, error) {
	out, err := v.inner.Survivors(ctx, ids)
	for id, survivor := range out {
		if v.hidden.Has(id) || v.hidden.Has(survivor) {
			delete(out, id)
		}
	}
	return out, err
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

// PurposeHeader lets an API client say why it reads personal data; pages
// send a "purpose" form field.
const PurposeHeader = "Klient-Purpose"

// RecordView writes one access-log entry for the people a response is
// about to show: who looked (staff ID), at whom (IDs, never names), by
// which route pattern and action, page or API, and why when said. Nobody
// sees personal data that the log does not know of, so a failure to write
// the entry fails the request.
func (s *Kit) RecordView(r *http.Request, subjects []string) error {
	p, _ := PrincipalOf(r.Context())
	return s.RecordAccess(r, p.StaffID, p.Action, p.Via, subjects)
}

// RecordAccess is recordView for a channel other than the principal's own
// (a download, a calendar feed that has no session).
func (s *Kit) RecordAccess(r *http.Request, staffID string, action access.Action, via accesslog.Via, subjects []string) error {
	subjects = Distinct(subjects)
	if len(subjects) == 0 {
		return nil
	}
	return s.deps.AccessLog.Record(r.Context(), accesslog.Entry{
		StaffID: staffID, Subjects: subjects, Route: RoutePattern(r), Action: action,
		Purpose: PurposeOf(r), CorrelationID: CorrelationID(r.Context()), Via: via, TokenID: tokenOf(r, via),
	})
}

// tokenOf is the API token an API read was made with, "" otherwise.
func tokenOf(r *http.Request, via accesslog.Via) string {
	if p, ok := PrincipalOf(r.Context()); ok && via == accesslog.ViaAPI {
		return p.TokenID
	}
	return ""
}

// Distinct drops repeats and empty IDs, keeping the first of each.
func Distinct(ids []string) []string {
	seen := map[string]bool{"": true}
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// PurposeOf is the purpose the reader gave, if any: the header first, then
// a form field of a POST, then the query of a GET.
func PurposeOf(r *http.Request) string {
	if v := r.Header.Get(PurposeHeader); v != "" {
		return strings.TrimSpace(v)
	}
	if r.Method == http.MethodPost && r.PostForm != nil {
		return strings.TrimSpace(r.PostForm.Get("purpose"))
	}
	return strings.TrimSpace(r.URL.Query().Get("purpose"))
}

// SummaryIDs are the subjects of a list or search result.
func SummaryIDs(found []contacts.Summary) []string {
	ids := make([]string, len(found))
	for i, c := range found {
		ids[i] = c.ID
	}
	return ids
}

// ContactSubjects are the subjects of one contact's page: the contact and
// the people and organisations its affiliations name.
func ContactSubjects(c contacts.Contact) []string {
	ids := []string{c.ID}
	for _, a := range c.Affiliations {
		ids = append(ids, a.PersonID, a.OrganisationID)
	}
	return ids
}
