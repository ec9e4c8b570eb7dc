package http

import (
	"context"

	"github.com/klient-crm/klient/commands"
	"github.com/klient-crm/klient/http/web"
)

// MatterDetails is *commands.MatterDetailsHandler.
type MatterDetails interface {
	HandleDetails(ctx context.Context, cmd commands.ChangeMatterDetails) (commands.MatterResult, error)
	HandleNote(ctx context.Context, cmd commands.AddMatterNote) (commands.MatterResult, error)
}

// MatterParties is *commands.MatterPartiesHandler.
type MatterParties interface {
	HandleAdd(ctx context.Context, cmd commands.AddMatterParty) (commands.MatterResult, error)
	HandleRole(ctx context.Context, cmd commands.ChangeMatterPartyRole) (commands.MatterResult, error)
	HandleRemove(ctx context.Context, cmd commands.RemoveMatterParty) (commands.MatterResult, error)
}

// MatterLifecycle is *commands.MatterLifecycleHandler.
type MatterLifecycle interface {
	HandleActivate(ctx context.Context, cmd commands.ChangeMatterStatus) (commands.MatterResult, error)
	HandleClose(ctx context.Context, cmd commands.ChangeMatterStatus) (commands.MatterResult, error)
	HandleReopen(ctx context.Context, cmd commands.ChangeMatterStatus) (commands.MatterResult, error)
	HandleArchive(ctx context.Context, cmd commands.ChangeMatterStatus) (commands.MatterResult, error)
}

// ConflictChecks is *commands.ConflictCheckHandler.
type ConflictChecks interface {
	HandleRun(ctx context.Context, cmd commands.RunConflictCheck) (commands.ConflictReport, error)
	HandleDecision(ctx context.Context, cmd commands.RecordConflictDecision) (commands.MatterResult, error)
}

// MatterStaffing is *commands.MatterStaffingHandler.
type MatterStaffing interface {
	HandleTeam(ctx context.Context, cmd commands.ChangeMatterTeam) (commands.MatterResult, error)
	HandleGrant(ctx context.Context, cmd commands.GrantMatterAccess) (commands.MatterResult, error)
	HandleRevoke(ctx context.Context, cmd commands.RevokeMatterAccess) (commands.MatterResult, error)
}

// MatterCommands are the matter write side the pages and the API use.
type MatterCommands struct {
	Open      web.Handles[commands.OpenMatter, commands.MatterResult]
	Details   MatterDetails
	Parties   MatterParties
	Lifecycle MatterLifecycle
	Conflicts ConflictChecks
	Staffing  MatterStaffing
	// PracticeAreas lists the firm's practice areas for the forms
	// ((*commands.Matters).PracticeAreas).
	PracticeAreas func() []string
}
