package matter

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// report looks up what identifies each current party and runs the check.
// A party the index does not know yet (a contact registered a moment ago)
// fails the check rather than being checked by its ID alone.
func (h *ConflictCheckHandler) report(ctx context.Context, m *domainmatter.Matter, now time.Time) (ConflictReport, error) {
	parties, err := m.PartiesToCheck()
	if err != nil {
		return ConflictReport{}, err
	}
	inputs := make([]domainmatter.PartyProbe, 0, len(parties))
	roles := make([]domainmatter.PartyRole, 0, len(parties))
	for _, p := range parties {
		probe, found, err := h.directory.PartyProbe(ctx, p.ContactID)
		if err != nil {
			return ConflictReport{}, journal.AsDomainError(err)
		}
		if !found {
			return ConflictReport{}, domain.Conflict("the conflict index has not caught up with every party yet; try again in a moment").WithCode("matter.conflict.index_behind")
		}
		probe.ContactID = p.ContactID
		inputs, roles = append(inputs, probe), append(roles, p.Role)
	}
	hits, pos, err := h.checker.CheckConflicts(ctx, inputs, m.ID())
	if err != nil {
		return ConflictReport{}, journal.AsDomainError(err)
	}
	r := ConflictReport{MatterID: m.ID(), MatterVersion: m.Version(), RanAt: now, Position: pos, Inputs: inputs, Roles: roles, Hits: hits}
	r.Fingerprint = fingerprint(r)
	return r, nil
}

// fingerprint hashes what the lawyer decides on: the matter's version, the
// inputs and the hits. The time and the index's position are left out, so
// that a check run again on an unchanged register is the same check.
func fingerprint(r ConflictReport) string {
	b, _ := json.Marshal(struct { // plain values: cannot fail
		MatterID string
		Version  uint64
		Inputs   []domainmatter.PartyProbe
		Hits     []domainmatter.ConflictHit
	}{r.MatterID, r.MatterVersion, r.Inputs, r.Hits})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func logPosition(p eventstore.Position) domainmatter.LogPosition {
	return domainmatter.LogPosition{Commit: p.Commit, Prepare: p.Prepare}
}
