package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/contacts"
	"github.com/klient-crm/klient/projections/matters"
	"github.com/klient-crm/klient/projections/staff"
)

// Credentials is what the edge asks of *credentials.Store: passwords,
// sessions and API tokens. Roles are never read from here but from the
// staff read model, so a change of roles counts at the next request.
type Credentials interface {
	SetPassword(ctx context.Context, staffID, password string) error
	VerifyPassword(ctx context.Context, staffID, password string) (bool, error)
	VerifyDummy(ctx context.Context, password string)
	CreateSession(ctx context.Context, staffID string, meta credentials.SessionMeta) (string, credentials.Session, error)
	LookupSession(ctx context.Context, token string) (credentials.Session, error)
	EndSession(ctx context.Context, token string) error
	EndAllSessions(ctx context.Context, staffID string) (int, error)
	ListSessions(ctx context.Context, staffID string) ([]credentials.Session, error)
	CreateToken(ctx context.Context, nt credentials.NewToken) (string, credentials.Token, error)
	LookupToken(ctx context.Context, secret string) (credentials.Token, error)
	RevokeToken(ctx context.Context, id, by string) error
	ListTokens(ctx context.Context) ([]credentials.Token, error)
}

// StaffDirectory is the staff read model's queries; StaffReadModel binds
// them to a database.
type StaffDirectory interface {
	Get(ctx context.Context, id string) (staff.Member, error)
	ByEmail(ctx context.Context, email string) (staff.Member, bool, error)
	List(ctx context.Context) ([]staff.Member, error)
	Teams(ctx context.Context) ([]string, error)
	ActiveWalls(ctx context.Context) ([]staff.Wall, error)
	WalledTargets(ctx context.Context, viewer access.Viewer) ([]access.Target, error)
}

// StaffReadModel returns the StaffDirectory over db (a *pgxpool.Pool).
func StaffReadModel(db staff.DB) StaffDirectory { return staffModel{db} }

type staffModel struct{ db staff.DB }

func (m staffModel) Get(ctx context.Context, id string) (staff.Member, error) {
	return staff.Get(ctx, m.db, id)
}

func (m staffModel) ByEmail(ctx context.Context, email string) (staff.Member, bool, error) {
	return staff.ByEmail(ctx, m.db, email)
}

func (m staffModel) List(ctx context.Context) ([]staff.Member, error) { return staff.List(ctx, m.db) }

func (m staffModel) Teams(ctx context.Context) ([]string, error) { return staff.Teams(ctx, m.db) }

func (m staffModel) ActiveWalls(ctx context.Context) ([]staff.Wall, error) {
	return staff.ActiveWalls(ctx, m.db)
}

func (m staffModel) WalledTargets(ctx context.Context, v access.Viewer) ([]access.Target, error) {
	return staff.WalledTargets(ctx, m.db, v)
}

// AccessLog records who saw whose data and lets AccessLogView search it;
// AccessLogStore binds projections/accesslog to a database.
type AccessLog interface {
	Record(ctx context.Context, e accesslog.Entry) error
	Search(ctx context.Context, f accesslog.Filter) ([]accesslog.Entry, error)
}

// AccessLogStore returns the AccessLog over db (a *pgxpool.Pool), whose
// purposes keys seal and open (the key ring).
func AccessLogStore(db accesslog.DB, keys accesslog.Keys) AccessLog { return accessLogModel{db, keys} }

type accessLogModel struct {
	db   accesslog.DB
	keys accesslog.Keys
}

func (m accessLogModel) Record(ctx context.Context, e accesslog.Entry) error {
	return accesslog.Record(ctx, m.db, m.keys, e)
}

func (m accessLogModel) Search(ctx context.Context, f accesslog.Filter) ([]accesslog.Entry, error) {
	return accesslog.Search(ctx, m.db, m.keys, f)
}

// ProjectionWaiter lets a handler wait until a read model has caught up
// with its own write (read-your-writes); *projections.Runtime implements it.
type ProjectionWaiter interface {
	WaitFor(ctx context.Context, projector string, pos eventstore.Position) error
	// Rebuilding names the read models being rebuilt, which pages say.
	Rebuilding(ctx context.Context) ([]string, error)
}

// ContactDirectory is the contacts read model's queries; ContactsReadModel
// binds them to a database.
type ContactDirectory interface {
	Search(ctx context.Context, q string, opts contacts.Options) ([]contacts.Summary, error)
	List(ctx context.Context, opts contacts.Options) ([]contacts.Summary, error)
	Get(ctx context.Context, id string) (contacts.Contact, error)
	Refs(ctx context.Context, ids []string) (map[string]contacts.Ref, error)
	// Survivors maps each of ids merged into another contact to it.
	Survivors(ctx context.Context, ids []string) (map[string]string, error)
}

// ContactsReadModel returns the ContactDirectory over db (a *pgxpool.Pool).
func ContactsReadModel(db contacts.DB) ContactDirectory { return readModel{db} }

type readModel struct{ db contacts.DB }

func (m readModel) Search(ctx context.Context, q string, opts contacts.Options) ([]contacts.Summary, error) {
	return contacts.Search(ctx, m.db, q, opts)
}

func (m readModel) List(ctx context.Context, opts contacts.Options) ([]contacts.Summary, error) {
	return contacts.List(ctx, m.db, opts)
}

func (m readModel) Get(ctx context.Context, id string) (contacts.Contact, error) {
	return contacts.Get(ctx, m.db, id)
}

func (m readModel) Refs(ctx context.Context, ids []string) (map[string]contacts.Ref, error) {
	return contacts.Refs(ctx, m.db, ids)
}

func (m readModel) Survivors(ctx context.Context, ids []string) (map[string]string, error) {
	return contacts.Survivors(ctx, m.db, ids)
}

// Read models the handlers wait for after their own writes.
const (
	ContactsProjector = "contacts"
	StaffProjector    = "staff" // staff members and walls
)

// AwaitContacts waits, at most Config.ReadYourWrites, until the contacts
// read model shows res, so the page the person lands on shows their own
// write.
func (s *Kit) AwaitContacts(ctx context.Context, res contactcmd.Result) {
	s.Await(ctx, ContactsProjector, res.Position)
}

// Await waits until projector has passed pos. The write has succeeded
// either way: a slow or failed projector only costs freshness, so it is
// logged and the request goes on.
func (s *Kit) Await(ctx context.Context, projector string, pos eventstore.Position) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ReadYourWrites)
	defer cancel()
	if err := s.deps.Projections.WaitFor(ctx, projector, pos); err != nil {
		s.log.LogAttrs(ctx, slog.LevelWarn, "read model behind the write",
			slog.String("projector", projector),
			slog.String("position", pos.String()),
			slog.String("error", domain.Loggable(err)),
			slog.String("correlation_id", CorrelationID(ctx)))
	}
}

// MatterDirectory is the matters read model's queries; MattersReadModel
// binds them to a database. Visibility is the edge's to apply (see
// matter_access.go).
type MatterDirectory interface {
	Get(ctx context.Context, id string) (matters.Matter, error)
	GetMany(ctx context.Context, ids []string) ([]matters.Matter, error)
	List(ctx context.Context, f matters.Filter) ([]matters.Matter, error)
	Parties(ctx context.Context, matterID string) ([]matters.Party, error)
	Notes(ctx context.Context, matterID string) ([]matters.Note, error)
	ConflictChecks(ctx context.Context, matterID string) ([]matters.ConflictCheck, error)
	History(ctx context.Context, matterID string) ([]matters.Change, error)
	MattersOfContact(ctx context.Context, contactID string) ([]matters.ContactMatter, error)
}

// MattersReadModel returns the MatterDirectory over db (a *pgxpool.Pool).
func MattersReadModel(db matters.DB) MatterDirectory { return matterModel{db} }

type matterModel struct{ db matters.DB }

func (m matterModel) Get(ctx context.Context, id string) (matters.Matter, error) {
	return matters.Get(ctx, m.db, id)
}

func (m matterModel) GetMany(ctx context.Context, ids []string) ([]matters.Matter, error) {
	return matters.GetMany(ctx, m.db, ids)
}

func (m matterModel) List(ctx context.Context, f matters.Filter) ([]matters.Matter, error) {
	return matters.List(ctx, m.db, f)
}

func (m matterModel) Parties(ctx context.Context, id string) ([]matters.Party, error) {
	return matters.Parties(ctx, m.db, id)
}

func (m matterModel) Notes(ctx context.Context, id string) ([]matters.Note, error) {
	return matters.Notes(ctx, m.db, id)
}

func (m matterModel) ConflictChecks(ctx context.Context, id string) ([]matters.ConflictCheck, error) {
	return matters.ConflictChecks(ctx, m.db, id)
}

func (m matterModel) History(ctx context.Context, id string) ([]matters.Change, error) {
	return matters.History(ctx, m.db, id)
}

func (m matterModel) MattersOfContact(ctx context.Context, contactID string) ([]matters.ContactMatter, error) {
	return matters.MattersOfContact(ctx, m.db, contactID)
}

// RestrictedContacts reads a person whose processing is restricted
// (art. 18) whole, for the DPO (the privacy register's WholeContact).
type RestrictedContacts interface {
	WholeContact(ctx context.Context, id string) (contacts.Contact, error)
}

// Need-to-know: the contacts port as the request's principal may see it
// (ethical walls, restriction), and the record of who viewed whom.

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
// contact, a restricted one (but to the DPO) and an unknown ID answer the
// same 404 before the handler runs, for reading and writing alike. The set is kept on the request for the handler's own queries.
func (s *Kit) Unwalled(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, err := s.Hidden(r)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		id := chi.URLParam(r, "id")
		p, _ := PrincipalOf(r.Context())
		if h.Has(id) {
			s.Refused(r, p.StaffID, "walled")
			s.Fail(w, r, ErrNoSuchContact)
			return
		}
		// A restricted person is gone from everyone's view but the DPO's
		// (art. 18), and an unknown ID is refused here too: a handler that
		// checked its body or another contact first told an unknown ID from
		// a walled or restricted one by its answer.
		_, err = s.deps.Contacts.Get(r.Context(), id)
		restricted := HasCode(err, RestrictedCode)
		switch {
		case restricted && !p.Can(access.GDPRManage):
			s.Refused(r, p.StaffID, "restricted")
			s.Fail(w, r, ErrNoSuchContact)
			return
		case restricted, HasCode(err, contacts.MergedCode): // the DPO's to act on; the handler's pointer to the survivor
		case domain.IsKind(err, domain.KindNotFound):
			s.Fail(w, r, ErrNoSuchContact)
			return
		case err != nil && !errors.As(err, new(*domain.Error)): // the read model did not answer
			s.Fail(w, r, err)
			return
		} // an erased contact's own answer is the handler's
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
