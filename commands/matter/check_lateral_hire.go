package matter

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// CheckLateralHire checks a newly hired lawyer's list of former clients
// and matters (issue 14) against every matter and contact, as a matter's
// parties are checked, and records the list and the findings with the
// staff member. The edge has read the list (domainmatter.ParseLateralList)
// and made sure the staff member exists.
type CheckLateralHire struct {
	Actor    journal.Actor
	StaffID  string
	FileName string
	Entries  []domainmatter.LateralEntry
}

// LateralHireReport is one recorded check: the list, as the probes the
// check searched for (Inputs[i] is Entries[i]'s), and the findings.
type LateralHireReport struct {
	domainmatter.LateralHireChecked
	Inputs   []domainmatter.PartyProbe
	Position eventstore.Position // of the recorded check, for read-your-writes
}

// HandleLateralHire runs the check and records it. Nothing is excluded:
// the lawyer is in no matter here yet.
func (h *ConflictCheckHandler) HandleLateralHire(ctx context.Context, cmd CheckLateralHire) (LateralHireReport, error) {
	if err := cmd.Actor.Check(); err != nil {
		return LateralHireReport{}, err
	}
	staffID := journal.CanonicalID(cmd.StaffID)
	checkID, err := uuid.NewV7()
	if err != nil {
		return LateralHireReport{}, domain.Internal(err)
	}
	inputs := lateralInputs(cmd.Entries)
	hits, pos, err := h.checker.CheckConflicts(ctx, inputs, "")
	if err != nil {
		return LateralHireReport{}, journal.AsDomainError(err)
	}
	now := h.matters.journal.Now()
	events, err := domainmatter.RecordLateralHireCheck(domainmatter.LateralHireChecked{StaffID: staffID,
		CheckID: checkID.String(), FileName: cmd.FileName, Entries: cmd.Entries, RanAt: now,
		Position: logPosition(pos), Hits: hits, CheckedBy: cmd.Actor.ID})
	if err != nil {
		return LateralHireReport{}, err
	}
	res, err := h.matters.journal.Append(ctx, cmd.Actor, journal.Stream{Name: domainmatter.LateralHireStreamName(staffID)},
		eventstore.Any, events, now)
	if err != nil {
		return LateralHireReport{}, err
	}
	return LateralHireReport{LateralHireChecked: events[0].(domainmatter.LateralHireChecked), Inputs: inputs,
		Position: res.LastPosition}, nil
}

// LateralHireChecks reads a staff member's recorded checks, newest first,
// opened; a check whose key is gone (the staff member erased) is not
// listed.
func (h *ConflictCheckHandler) LateralHireChecks(ctx context.Context, staffID string) ([]LateralHireReport, error) {
	var out []LateralHireReport
	err := h.matters.journal.Read(ctx, domainmatter.LateralHireStreamName(journal.CanonicalID(staffID)), 0, func(env eventstore.Envelope) error {
		d, err := h.matters.journal.Decode(ctx, env)
		if domain.IsKind(err, domain.KindErased) {
			return nil // the list and its findings went with the key
		}
		if err != nil {
			return err
		}
		if c, ok := d.Event.(domainmatter.LateralHireChecked); ok {
			out = append(out, LateralHireReport{LateralHireChecked: c, Inputs: lateralInputs(c.Entries), Position: env.Position})
		}
		return nil
	})
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}

func lateralInputs(entries []domainmatter.LateralEntry) []domainmatter.PartyProbe {
	out := make([]domainmatter.PartyProbe, len(entries))
	for i, e := range entries {
		out[i] = e.Probe(i)
	}
	return out
}

// LateralNow is the clock ParseLateralList reads a ten-digit
// personnummer's century by.
func (h *ConflictCheckHandler) LateralNow() time.Time { return h.matters.journal.Now() }
