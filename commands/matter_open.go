package commands

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// OpenMatter takes in a new matter (status intake) with its parties.
type OpenMatter struct {
	Actor Actor
	// MatterID is optional: a client that chooses the UUID itself can
	// safely resend after a timeout, and gets the same matter and number.
	MatterID          string
	Title             string
	Description       string
	PracticeArea      string
	ResponsibleLawyer string // staff ID of an active lawyer
	Parties           []MatterParty
	Members           []string // staff IDs of the team, optional
	Teams             []string // whole teams, optional
}

// MatterParty is a contact to add as a party, in a role.
type MatterParty struct {
	ContactID string
	Role      matter.PartyRole
	Note      string // sealed with the contact's key
}

// OpenMatterHandler handles OpenMatter.
type OpenMatterHandler struct{ matters *Matters }

// NewOpenMatterHandler returns the handler.
func NewOpenMatterHandler(matters *Matters) (*OpenMatterHandler, error) {
	if err := requireMatters("NewOpenMatterHandler", matters); err != nil {
		return nil, err
	}
	return &OpenMatterHandler{matters: matters}, nil
}

// Handle checks the whole opening (its fields, that every party is a
// contact, that the responsible lawyer and the team are active staff)
// before it reserves a number, so that a refused opening uses up none;
// then it reserves the number and opens the matter. Resent with the same
// MatterID and facts it returns the matter as it is and writes nothing.
func (h *OpenMatterHandler) Handle(ctx context.Context, cmd OpenMatter) (MatterResult, error) {
	if err := cmd.Actor.check(); err != nil {
		return MatterResult{}, err
	}
	r := h.matters
	id, err := newID(cmd.MatterID, domain.Invalid("matter_id", "a matter ID is a UUID").WithCode("matter.id.format"))
	if err != nil {
		return MatterResult{}, err
	}
	m, _, err := r.loader(id)(ctx)
	if err != nil {
		return MatterResult{}, err
	}
	o := cmd.opening(id)
	number := m.Number()
	if !m.Exists() {
		if o, err = r.checkOpening(ctx, o); err != nil {
			return MatterResult{}, err
		}
		if number, err = r.reserve(ctx, cmd.Actor, id, r.now()); err != nil {
			return MatterResult{}, err
		}
	}
	p, err := openOn(ctx, r, cmd.Actor, id, func(m *matter.Matter, _ time.Time) ([]domain.Event, error) {
		return m.Open(id, number, o, r.areas)
	})
	res, err := matterResult(id, p, err)
	if err != nil {
		return MatterResult{}, err
	}
	res.Number = number
	return res, nil
}

// opening is the command as the domain takes it, with contact and staff
// IDs in canonical form and each party's derived ID.
func (cmd OpenMatter) opening(id string) matter.Opening {
	o := matter.Opening{Title: cmd.Title, Description: cmd.Description, PracticeArea: cmd.PracticeArea,
		ResponsibleLawyer: canonicalID(cmd.ResponsibleLawyer), Members: cmd.Members, Teams: cmd.Teams}
	for _, p := range cmd.Parties {
		contactID := canonicalID(p.ContactID)
		o.Parties = append(o.Parties, matter.NewParty{PartyID: partyID(id, contactID), ContactID: contactID, Role: p.Role, Note: p.Note})
	}
	return o
}

// openOn appends the opening if the matter's stream does not exist yet.
// Losing that race to a concurrent resend is not a conflict: decide once
// more on what it wrote. A retry answers with the matter as it is now.
func openOn(ctx context.Context, r *Matters, actor Actor, id string, decide decision[*matter.Matter]) (placed, error) {
	for attempt := 0; ; attempt++ {
		now := r.now()
		m, sp, err := r.loader(id)(ctx)
		if err != nil {
			return placed{}, err
		}
		events, err := decide(m, now)
		if err != nil || len(events) == 0 {
			return placed{version: sp.version, position: sp.last}, err
		}
		res, err := r.append(ctx, actor, matterStream(id), eventstore.NoStream, events, now)
		if attempt == 0 && isStale(err) {
			continue
		}
		return placed{version: res.LastVersion, position: res.LastPosition}, err
	}
}
