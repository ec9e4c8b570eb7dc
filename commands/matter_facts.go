package commands

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
)

// partyContact checks that rawID names a contact that may become a party
// and returns its canonical ID. It reads the contact's own stream, so a
// contact registered a moment ago is found without waiting for a read
// model.
func (r *Matters) partyContact(ctx context.Context, field, rawID string) (string, error) {
	u, err := uuid.Parse(rawID)
	if err != nil {
		return "", domain.Invalid(field, "choose a contact").WithCode("matter.party.contact_required")
	}
	c := new(contact.Contact)
	_, err = r.replay(ctx, contact.StreamName(u.String()), u.String(), func(ev domain.Event, erased bool) {
		if erased {
			c.ApplyErased(ev)
		} else {
			c.Apply(ev)
		}
	})
	if err != nil {
		return "", err
	}
	return u.String(), matter.CheckPartyContact(field, c)
}

// staffMember checks that rawID names an active staff member (a lawyer
// when responsible) and returns its canonical ID.
func (r *Matters) staffMember(ctx context.Context, field, rawID string, responsible bool) (string, error) {
	u, err := uuid.Parse(rawID)
	if err != nil {
		return "", domain.Invalid(field, "choose a staff member").WithCode("matter.staff.required")
	}
	id := u.String()
	s := new(access.StaffMember)
	_, err = r.replay(ctx, access.StaffStreamName(id), id, func(ev domain.Event, erased bool) {
		if erased {
			s.ApplyErased(ev)
		} else {
			s.Apply(ev)
		}
	})
	if err != nil {
		return "", err
	}
	return id, matter.CheckStaff(field, s, responsible)
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
