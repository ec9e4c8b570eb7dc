package admin

import (
	"context"

	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/http/web"
)

// StaffActivation is *staffcmd.StaffActivationHandler.
type StaffActivation interface {
	HandleDeactivate(ctx context.Context, cmd staffcmd.DeactivateStaffMember) (staffcmd.StaffResult, error)
	HandleReactivate(ctx context.Context, cmd staffcmd.ReactivateStaffMember) (staffcmd.StaffResult, error)
}

// AccessCommands are the staff and wall write side the admin pages use.
type AccessCommands struct {
	RegisterStaff web.Handles[staffcmd.RegisterStaffMember, staffcmd.StaffResult]
	ChangeRoles   web.Handles[staffcmd.ChangeStaffRoles, staffcmd.StaffResult]
	Activation    StaffActivation
	ErectWall     web.Handles[staffcmd.ErectWall, staffcmd.WallResult]
	LiftWall      web.Handles[staffcmd.LiftWall, staffcmd.WallResult]
}
