package commands

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/eventstore"
)

// StaffDirectory finds staff accounts by e-mail address. The staff read
// model implements it; registration uses it to keep e-mail addresses (the
// sign-in names) unique.
type StaffDirectory interface {
	// StaffIDByEmail returns the ID of the account that holds email (in any
	// case), and whether there is one.
	StaffIDByEmail(ctx context.Context, email string) (string, bool, error)
}

// Staff is the repository of staff member aggregates that every staff
// command handler shares.
type Staff struct {
	journal
	directory StaffDirectory
}

// NewStaff returns the repository. The codec must have access.Events()
// registered; clock is the only source of "now".
func NewStaff(store EventStore, codec EventCodec, clock func() time.Time, directory StaffDirectory) (*Staff, error) {
	j, err := newJournal("NewStaff", store, codec, clock)
	if err != nil {
		return nil, err
	}
	if directory == nil {
		return nil, errors.New("commands.NewStaff: a staff directory is required")
	}
	return &Staff{journal: j, directory: directory}, nil
}

// StaffResult tells the caller where a command left the staff member.
type StaffResult struct {
	StaffID  string              // canonical UUID, chosen by the handler when a registration named none
	Version  uint64              // send it back as ExpectedVersion with the next change
	Position eventstore.Position // wait for the staff projection to pass it (read-your-writes)
}

// staffChangedMeanwhile is the catalogue code of a stale view of a member.
const staffChangedMeanwhile = "staff.changed_meanwhile"

func staffStream(id string) stream {
	return stream{name: access.StaffStreamName(id), staleCode: staffChangedMeanwhile}
}

// loader rebuilds staff member id for the shared command flows.
func (r *Staff) loader(id string) loader[*access.StaffMember] {
	return func(ctx context.Context) (*access.StaffMember, span, error) {
		s := new(access.StaffMember)
		sp, err := r.replay(ctx, access.StaffStreamName(id), id, func(ev domain.Event, erased bool) {
			if erased {
				s.ApplyErased(ev)
			} else {
				s.Apply(ev)
			}
		})
		return s, sp, err
	}
}

// change runs a decision on the existing member rawID that the caller last
// saw at version expected.
func (r *Staff) change(ctx context.Context, actor Actor, rawID string, expected uint64, decide decision[*access.StaffMember]) (StaffResult, error) {
	if err := actor.check(); err != nil {
		return StaffResult{}, err
	}
	id, err := existingID(rawID, domain.NotFound("there is no such staff member").WithCode("staff.not_found"))
	if err != nil {
		return StaffResult{}, err
	}
	p, err := changeOn(ctx, &r.journal, actor, staffStream(id), expected, r.loader(id), decide)
	return staffResult(id, p, err)
}

func staffResult(id string, p placed, err error) (StaffResult, error) {
	if err != nil {
		return StaffResult{}, err
	}
	return StaffResult{StaffID: id, Version: p.version, Position: p.position}, nil
}

// requireStaff is the nil check every staff handler constructor shares.
func requireStaff(handler string, staff *Staff) error {
	if staff == nil {
		return errors.New("commands." + handler + ": staff repository is required")
	}
	return nil
}
