package http

import (
	"context"
	"time"

	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/staff"
)

// Handles is one command handler that answers with result R.
type Handles[C, R any] interface {
	Handle(ctx context.Context, cmd C) (R, error)
}

// StaffActivation is *staffcmd.StaffActivationHandler.
type StaffActivation interface {
	HandleDeactivate(ctx context.Context, cmd staffcmd.DeactivateStaffMember) (staffcmd.StaffResult, error)
	HandleReactivate(ctx context.Context, cmd staffcmd.ReactivateStaffMember) (staffcmd.StaffResult, error)
}

// AccessCommands are the staff and wall write side the admin pages use.
type AccessCommands struct {
	RegisterStaff Handles[staffcmd.RegisterStaffMember, staffcmd.StaffResult]
	ChangeRoles   Handles[staffcmd.ChangeStaffRoles, staffcmd.StaffResult]
	Activation    StaffActivation
	ErectWall     Handles[staffcmd.ErectWall, staffcmd.WallResult]
	LiftWall      Handles[staffcmd.LiftWall, staffcmd.WallResult]
}

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
	CreateToken(ctx context.Context, nt credentials.NewToken) (string, credentials.Token, error)
	LookupToken(ctx context.Context, secret string) (credentials.Token, error)
	RevokeToken(ctx context.Context, id, by string) error
	ListTokens(ctx context.Context) ([]credentials.Token, error)
}

// LoginThrottle is *credentials.Throttle (Store.Throttle()).
type LoginThrottle interface {
	Check(ctx context.Context, key string) (time.Duration, error)
	Failed(ctx context.Context, key string) error
	Succeeded(ctx context.Context, key string) error
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
func (m staffModel) Teams(ctx context.Context) ([]string, error)      { return staff.Teams(ctx, m.db) }

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
