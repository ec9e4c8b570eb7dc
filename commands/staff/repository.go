package staff

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/commands/journal"
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
	journal   journal.Journal
	directory StaffDirectory
}

// NewStaff returns the repository. The codec must have access.Events()
// registered; clock is the only source of "now".
func NewStaff(store journal.EventStore, codec journal.EventCodec, clock func() time.Time, directory StaffDirectory) (*Staff, error) {
	j, err := journal.New("NewStaff", store, codec, clock)
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

func staffStream(id string) journal.Stream {
	return journal.Stream{Name: access.StaffStreamName(id), StaleCode: staffChangedMeanwhile}
}

// LoadMember rebuilds staff member id from its stream in j. Other contexts
// check with it that a member they name exists and is active (a matter's
// responsible lawyer and team), without waiting for the staff read model.
func LoadMember(ctx context.Context, j *journal.Journal, id string) (*access.StaffMember, journal.Span, error) {
	s := new(access.StaffMember)
	sp, err := j.Replay(ctx, access.StaffStreamName(id), id, journal.Applier(s))
	return s, sp, err
}

// loader binds LoadMember to one member for the shared command flows.
func (r *Staff) loader(id string) journal.Loader[*access.StaffMember] {
	return func(ctx context.Context) (*access.StaffMember, journal.Span, error) {
		return LoadMember(ctx, &r.journal, id)
	}
}

// change runs a decision on the existing member rawID that the caller last
// saw at version expected.
func (r *Staff) change(ctx context.Context, actor journal.Actor, rawID string, expected uint64, decide journal.Decision[*access.StaffMember]) (StaffResult, error) {
	if err := actor.Check(); err != nil {
		return StaffResult{}, err
	}
	id, err := journal.ExistingID(rawID, domain.NotFound("there is no such staff member").WithCode("staff.not_found"))
	if err != nil {
		return StaffResult{}, err
	}
	p, err := journal.ChangeOn(ctx, &r.journal, actor, staffStream(id), expected, r.loader(id), decide)
	return staffResult(id, p, err)
}

func staffResult(id string, p journal.Placed, err error) (StaffResult, error) {
	if err != nil {
		return StaffResult{}, err
	}
	return StaffResult{StaffID: id, Version: p.Version, Position: p.Position}, nil
}

// requireStaff is the nil check every staff handler constructor shares.
func requireStaff(handler string, staff *Staff) error {
	if staff == nil {
		return errors.New("commands." + handler + ": staff repository is required")
	}
	return nil
}
