package matter

import (
	"context"
	"fmt"

	"github.com/klient-crm/klient/commands/journal"
	domainmatter "github.com/klient-crm/klient/domain/matter"
)

// checkOpening checks the opening's own rules, then the facts it names
// that only other streams know: every party's contact exists and is not
// erased, the responsible lawyer is an active lawyer, and every member of
// the team is active staff.
func (r *Matters) checkOpening(ctx context.Context, actor journal.Actor, o domainmatter.Opening) (domainmatter.Opening, error) {
	o, err := domainmatter.NormaliseOpening(o, r.areas)
	if err != nil {
		return o, err
	}
	for i, p := range o.Parties {
		if _, err := r.partyContact(ctx, actor, fmt.Sprintf("parties[%d].contact_id", i), p.ContactID); err != nil {
			return o, err
		}
	}
	if _, err := r.staffMember(ctx, "responsible_lawyer", o.ResponsibleLawyer, true); err != nil {
		return o, err
	}
	_, err = r.staffMembers(ctx, "members", o.Members)
	return o, err
}
