package http

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands"
	"github.com/klient-crm/klient/http/web"
)

// StaffActivation is *commands.StaffActivationHandler.
type StaffActivation interface {
	HandleDeactivate(ctx context.Context, cmd commands.DeactivateStaffMember) (commands.StaffResult, error)
	HandleReactivate(ctx context.Context, cmd commands.ReactivateStaffMember) (commands.StaffResult, error)
}

// AccessCommands are the staff and wall write side the admin pages use.
type AccessCommands struct {
	RegisterStaff web.Handles[commands.RegisterStaffMember, commands.StaffResult]
	ChangeRoles   web.Handles[commands.ChangeStaffRoles, commands.StaffResult]
	Activation    StaffActivation
	ErectWall     web.Handles[commands.ErectWall, commands.WallResult]
	LiftWall      web.Handles[commands.LiftWall, commands.WallResult]
}

// LoginThrottle is *credentials.Throttle (Store.Throttle()).
type LoginThrottle interface {
	Check(ctx context.Context, key string) (time.Duration, error)
	Failed(ctx context.Context, key string) error
	Succeeded(ctx context.Context, key string) error
}
