package matter

import (
	"context"
	"errors"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	domainmatter "github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// PartyDirectory tells the conflict check what identifies a contact: its
// names (current and former), identity numbers and e-mail addresses. The
// conflicts read model implements it. found is false for a contact it
// does not know (yet).
type PartyDirectory interface {
	PartyProbe(ctx context.Context, contactID string) (probe domainmatter.PartyProbe, found bool, err error)
}

// ConflictChecker searches the firm's register and every matter's parties
// for the probes, leaving out the parties of excludeMatter (the matter
// being checked). It returns the hits, ranked, and the position in the log
// up to which its index was complete. The conflicts read model implements it.
type ConflictChecker interface {
	CheckConflicts(ctx context.Context, probes []domainmatter.PartyProbe, excludeMatter string) ([]domainmatter.ConflictHit, eventstore.Position, error)
}

// RunConflictCheck runs a conflict check over a matter's current parties
// and shows the result; nothing is recorded until RecordConflictDecision.
type RunConflictCheck struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
}

// ConflictReport is a check's result as the lawyer reviews it.
type ConflictReport struct {
	MatterID      string
	MatterVersion uint64
	RanAt         time.Time
	Position      eventstore.Position       // how far the index had got
	Inputs        []domainmatter.PartyProbe // one per party
	// Roles are the parties' roles in this matter, Roles[i] Inputs[i]'s: the
	// lawyer weighs a hit on the client differently from one on a witness.
	Roles []domainmatter.PartyRole
	Hits  []domainmatter.ConflictHit
	// Fingerprint identifies these inputs and hits on this version of the
	// matter: RecordConflictDecision sends it back, so that what is
	// recorded is what was reviewed.
	Fingerprint string
}

// ConflictCheckHandler handles RunConflictCheck and RecordConflictDecision.
type ConflictCheckHandler struct {
	matters   *Matters
	directory PartyDirectory
	checker   ConflictChecker
}

// NewConflictCheckHandler returns the handler.
func NewConflictCheckHandler(matters *Matters, directory PartyDirectory, checker ConflictChecker) (*ConflictCheckHandler, error) {
	if err := requireMatters("NewConflictCheckHandler", matters); err != nil {
		return nil, err
	}
	if directory == nil || checker == nil {
		return nil, errors.New("commands.NewConflictCheckHandler: a party directory and a conflict checker are required")
	}
	return &ConflictCheckHandler{matters: matters, directory: directory, checker: checker}, nil
}

// HandleRun runs the check on the matter as the caller last saw it.
func (h *ConflictCheckHandler) HandleRun(ctx context.Context, cmd RunConflictCheck) (ConflictReport, error) {
	if err := cmd.Actor.Check(); err != nil {
		return ConflictReport{}, err
	}
	id, err := existingMatterID(cmd.MatterID)
	if err != nil {
		return ConflictReport{}, err
	}
	m, sp, err := h.matters.loader(id)(ctx)
	if err != nil {
		return ConflictReport{}, err
	}
	if m.Exists() && sp.Version != cmd.ExpectedVersion {
		return ConflictReport{}, matterStream(id).Stale(cmd.ExpectedVersion)
	}
	return h.report(ctx, m, h.matters.journal.Now())
}
