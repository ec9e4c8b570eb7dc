package http

import (
	"context"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/projections/matters"
)

// MatterDetails is *mattercmd.MatterDetailsHandler.
type MatterDetails interface {
	HandleDetails(ctx context.Context, cmd mattercmd.ChangeMatterDetails) (mattercmd.MatterResult, error)
	HandleNote(ctx context.Context, cmd mattercmd.AddMatterNote) (mattercmd.MatterResult, error)
}

// MatterParties is *mattercmd.MatterPartiesHandler.
type MatterParties interface {
	HandleAdd(ctx context.Context, cmd mattercmd.AddMatterParty) (mattercmd.MatterResult, error)
	HandleRole(ctx context.Context, cmd mattercmd.ChangeMatterPartyRole) (mattercmd.MatterResult, error)
	HandleRemove(ctx context.Context, cmd mattercmd.RemoveMatterParty) (mattercmd.MatterResult, error)
}

// MatterLifecycle is *mattercmd.MatterLifecycleHandler.
type MatterLifecycle interface {
	HandleActivate(ctx context.Context, cmd mattercmd.ChangeMatterStatus) (mattercmd.MatterResult, error)
	HandleClose(ctx context.Context, cmd mattercmd.ChangeMatterStatus) (mattercmd.MatterResult, error)
	HandleReopen(ctx context.Context, cmd mattercmd.ChangeMatterStatus) (mattercmd.MatterResult, error)
	HandleArchive(ctx context.Context, cmd mattercmd.ChangeMatterStatus) (mattercmd.MatterResult, error)
}

// ConflictChecks is *mattercmd.ConflictCheckHandler.
type ConflictChecks interface {
	HandleRun(ctx context.Context, cmd mattercmd.RunConflictCheck) (mattercmd.ConflictReport, error)
	HandleDecision(ctx context.Context, cmd mattercmd.RecordConflictDecision) (mattercmd.MatterResult, error)
}

// MatterStaffing is *mattercmd.MatterStaffingHandler.
type MatterStaffing interface {
	HandleTeam(ctx context.Context, cmd mattercmd.ChangeMatterTeam) (mattercmd.MatterResult, error)
	HandleGrant(ctx context.Context, cmd mattercmd.GrantMatterAccess) (mattercmd.MatterResult, error)
	HandleRevoke(ctx context.Context, cmd mattercmd.RevokeMatterAccess) (mattercmd.MatterResult, error)
}

// MatterCommands are the matter write side the pages and the API use.
type MatterCommands struct {
	Open      Handles[mattercmd.OpenMatter, mattercmd.MatterResult]
	Details   MatterDetails
	Parties   MatterParties
	Lifecycle MatterLifecycle
	Conflicts ConflictChecks
	Staffing  MatterStaffing
	// PracticeAreas lists the firm's practice areas for the forms
	// ((*mattercmd.Matters).PracticeAreas).
	PracticeAreas func() []string
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
