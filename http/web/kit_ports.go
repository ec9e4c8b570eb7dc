package web

import (
	"context"
	"log/slog"

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

// AccessLogStore returns the AccessLog over db (a *pgxpool.Pool).
func AccessLogStore(db accesslog.DB) AccessLog { return accessLogModel{db} }

type accessLogModel struct{ db accesslog.DB }

func (m accessLogModel) Record(ctx context.Context, e accesslog.Entry) error {
	return accesslog.Record(ctx, m.db, e)
}

func (m accessLogModel) Search(ctx context.Context, f accesslog.Filter) ([]accesslog.Entry, error) {
	return accesslog.Search(ctx, m.db, f)
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
