package matter

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// partyContact checks that rawID names a contact that may become a party
// (one the actor may know of, and not a person whose processing is
// restricted to them) and returns its canonical ID. It reads the contact's own stream, so a
// contact registered a moment ago is found without waiting for a read
// model.
func (r *Matters) partyContact(ctx context.Context, actor journal.Actor, field, rawID string) (string, error) {
	u, err := uuid.Parse(rawID)
	if err != nil {
		return "", domain.Invalid(field, "choose a contact").WithCode("matter.party.contact_required")
	}
	c, _, err := contactcmd.LoadLinkable(ctx, &r.journal, actor, u.String())
	if err != nil {
		return "", err
	}
	return u.String(), domainmatter.CheckPartyContact(field, c)
}

// staffMember checks that rawID names an active staff member (a lawyer
// when responsible) and returns its canonical ID.
func (r *Matters) staffMember(ctx context.Context, field, rawID string, responsible bool) (string, error) {
	u, err := uuid.Parse(rawID)
	if err != nil {
		return "", domain.Invalid(field, "choose a staff member").WithCode("matter.staff.required")
	}
	id := u.String()
	s, _, err := staffcmd.LoadMember(ctx, &r.journal, id)
	if err != nil {
		return "", err
	}
	return id, domainmatter.CheckStaff(field, s, responsible)
}

// staffMembers is staffMember for a team's members.
func (r *Matters) staffMembers(ctx context.Context, field string, rawIDs []string) ([]string, error) {
	out := make([]string, len(rawIDs))
	for i, raw := range rawIDs {
		id, err := r.staffMember(ctx, fmt.Sprintf("%s[%d]", field, i), raw, false)
		if err != nil {
			return nil, err
		}
		out[i] = id
	}
	return out, nil
}

// partyID is the ID of contactID's party to matterID. It is derived, not
// drawn: a contact is a party to a matter at most once, and a resent
// command then names the same party.
func partyID(matterID, contactID string) string {
	return uuid.NewSHA1(uuid.MustParse(matterID), []byte(contactID)).String()
}
