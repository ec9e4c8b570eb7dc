package http

import (
	"context"

	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/http/web"
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
	Open      web.Handles[mattercmd.OpenMatter, mattercmd.MatterResult]
	Details   MatterDetails
	Parties   MatterParties
	Lifecycle MatterLifecycle
	Conflicts ConflictChecks
	Staffing  MatterStaffing
	// PracticeAreas lists the firm's practice areas for the forms
	// ((*mattercmd.Matters).PracticeAreas).
	PracticeAreas func() []string
}
