package gdpr_test

import (
	"context"
	"testing"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
)

// While a subject is restricted only the DPO may change their contact
// data; the refusal writes nothing, and lifting the restriction lets
// everyone back.
func TestRestrictedContactRefusesChangesButTheDPOs(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	ctx := context.Background()
	dpo := journal.Actor{ID: "staff-dpo", CorrelationID: "req-2"}
	g.Contacts.WithRestrictionGuard(g.subjects, func(_ context.Context, a journal.Actor) (bool, error) {
		return a.ID == dpo.ID, nil
	})
	reg := registerPerson(t, g.World, tolvan())
	restrict, err := gdprcmd.NewApplyRestrictionHandler(g.subjects)
	must(t, err)
	_, err = restrict.Handle(ctx, gdprcmd.ApplyRestriction{Actor: staff, SubjectID: reg.ContactID, Reason: "Bestrider riktigheten"})
	must(t, err)
	change, err := contactcmd.NewChangeContactDetailsHandler(g.Contacts)
	must(t, err)
	archive, err := contactcmd.NewArchiveContactHandler(g.Contacts)
	must(t, err)
	d := tolvan()
	d.FamilyName = "Rättad"

	_, err = change.HandlePerson(ctx, contactcmd.ChangePersonDetails{Actor: staff, ContactID: reg.ContactID, ExpectedVersion: reg.Version, Details: d})
	refusedWith(t, err, domain.KindForbidden, "gdpr.restricted")
	_, err = archive.Handle(ctx, contactcmd.ArchiveContact{Actor: staff, ContactID: reg.ContactID, ExpectedVersion: reg.Version})
	refusedWith(t, err, domain.KindForbidden, "gdpr.restricted")
	if got := g.Types(t, reg.ContactID); len(got) != 1 {
		t.Fatalf("refused changes wrote %v", got)
	}
	res, err := change.HandlePerson(ctx, contactcmd.ChangePersonDetails{Actor: dpo, ContactID: reg.ContactID, ExpectedVersion: reg.Version, Details: d})
	must(t, err)

	lift, err := gdprcmd.NewLiftRestrictionHandler(g.subjects)
	must(t, err)
	_, err = lift.Handle(ctx, gdprcmd.LiftRestriction{Actor: dpo, SubjectID: reg.ContactID})
	must(t, err)
	_, err = archive.Handle(ctx, contactcmd.ArchiveContact{Actor: staff, ContactID: reg.ContactID, ExpectedVersion: res.Version})
	must(t, err)
}

// Without a guard (the constructors' default) nothing changes.
func TestContactsWithoutAGuardIgnoreRestrictions(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	ctx := context.Background()
	reg := registerPerson(t, g.World, tolvan())
	restrict, err := gdprcmd.NewApplyRestrictionHandler(g.subjects)
	must(t, err)
	_, err = restrict.Handle(ctx, gdprcmd.ApplyRestriction{Actor: staff, SubjectID: reg.ContactID, Reason: "Prövas"})
	must(t, err)
	archive, err := contactcmd.NewArchiveContactHandler(g.Contacts)
	must(t, err)
	_, err = archive.Handle(ctx, contactcmd.ArchiveContact{Actor: staff, ContactID: reg.ContactID, ExpectedVersion: reg.Version})
	must(t, err)
}
