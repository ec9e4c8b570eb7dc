package matter

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// OpenMatter takes in a new matter (status intake) with its parties.
type OpenMatter struct {
	Actor journal.Actor
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
	Role      domainmatter.PartyRole
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
	if err := cmd.Actor.Check(); err != nil {
		return MatterResult{}, err
	}
	r := h.matters
	id, err := journal.NewID(cmd.MatterID, domain.Invalid("matter_id", "a matter ID is a UUID").WithCode("matter.id.format"))
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
		if o, err = r.checkOpening(ctx, cmd.Actor, o); err != nil {
			return MatterResult{}, err
		}
		if number, err = r.reserve(ctx, cmd.Actor, id, r.journal.Now()); err != nil {
			return MatterResult{}, err
		}
	}
	// A resend answers with the matter as it is now.
	p, err := journal.RegisterOnLatest(ctx, &r.journal, cmd.Actor, matterStream(id), r.loader(id),
		func(m *domainmatter.Matter, _ time.Time) ([]domain.Event, error) {
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
func (cmd OpenMatter) opening(id string) domainmatter.Opening {
	o := domainmatter.Opening{Title: cmd.Title, Description: cmd.Description, PracticeArea: cmd.PracticeArea,
		ResponsibleLawyer: journal.CanonicalID(cmd.ResponsibleLawyer), Members: cmd.Members, Teams: cmd.Teams}
	for _, p := range cmd.Parties {
		contactID := journal.CanonicalID(p.ContactID)
		o.Parties = append(o.Parties, domainmatter.NewParty{PartyID: partyID(id, contactID), ContactID: contactID, Role: p.Role, Note: p.Note})
	}
	return o
}
