package staff

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
)

// RegisterStaffMember opens an account for someone at the firm.
type RegisterStaffMember struct {
	Actor journal.Actor
	// StaffID is optional, as a contact's ID is in RegisterPerson: a client
	// that chooses the UUID itself can safely resend after a timeout.
	StaffID string
	Details access.StaffDetails
	Roles   []access.Role
	Teams   []string
}

// RegisterStaffMemberHandler handles RegisterStaffMember.
type RegisterStaffMemberHandler struct{ staff *Staff }

// NewRegisterStaffMemberHandler returns the handler.
func NewRegisterStaffMemberHandler(staff *Staff) (*RegisterStaffMemberHandler, error) {
	if err := requireStaff("NewRegisterStaffMemberHandler", staff); err != nil {
		return nil, err
	}
	return &RegisterStaffMemberHandler{staff: staff}, nil
}

// Handle registers the member, refusing an e-mail address another account
// holds. Resent with the same StaffID and facts it returns the first
// result and writes nothing.
//
// The uniqueness check reads the staff read model, so it cannot see a
// registration the projection has not reached yet, nor one made at the same
// moment: two admins registering one address at once may both succeed.
// That race is accepted (registering staff is rare and done by admins); the
// read model then gives the address, as a sign-in name, to the member
// registered first only, and never stops over it.
func (h *RegisterStaffMemberHandler) Handle(ctx context.Context, cmd RegisterStaffMember) (StaffResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return StaffResult{}, err
	}
	id, err := journal.NewID(cmd.StaffID, domain.Invalid("staff_id", "a staff ID is a UUID").WithCode("staff.id.format"))
	if err != nil {
		return StaffResult{}, err
	}
	if err := h.emailFree(ctx, id, cmd.Details); err != nil {
		return StaffResult{}, err
	}
	p, err := journal.RegisterOn(ctx, &h.staff.journal, cmd.Actor, staffStream(id), h.staff.loader(id),
		func(s *access.StaffMember, _ time.Time) ([]domain.Event, error) {
			return s.Register(id, cmd.Details, cmd.Roles, cmd.Teams)
		})
	return staffResult(id, p, err)
}

// emailFree refuses an address that an account other than id holds.
// Details that do not pass the rules are left to Register, which reports
// every problem at once.
func (h *RegisterStaffMemberHandler) emailFree(ctx context.Context, id string, details access.StaffDetails) error {
	d, err := access.NormaliseStaffDetails(details)
	if err != nil {
		return nil
	}
	holder, found, err := h.staff.directory.StaffIDByEmail(ctx, d.Email)
	if err != nil {
		return domain.Internal(err)
	}
	if found && holder != id {
		return domain.Invalid("email", "another staff member already has this e-mail address").WithCode("staff.email.taken")
	}
	return nil
}
