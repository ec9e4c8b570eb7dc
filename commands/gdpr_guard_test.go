package commands_test

import (
	"context"
	"testing"

	"github.com/klient-crm/klient/commands"
	"github.com/klient-crm/klient/domain"
)

// While a subject is restricted only the DPO may change their contact
// data; the refusal writes nothing, and lifting the restriction lets
// everyone back.
func TestRestrictedContactRefusesChangesButTheDPOs(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	ctx := context.Background()
	dpo := commands.Actor{ID: "staff-dpo", CorrelationID: "req-2"}
	g.contacts.WithRestrictionGuard(g.subjects, func(_ context.Context, a commands.Actor) (bool, error) {
		return a.ID == dpo.ID, nil
	})
	reg := registerPerson(t, g.world, tolvan())
	restrict, err := commands.NewApplyRestrictionHandler(g.subjects)
	must(t, err)
	_, err = restrict.Handle(ctx, commands.ApplyRestriction{Actor: staff, SubjectID: reg.ContactID, Reason: "Bestrider riktigheten"})
	must(t, err)
	change, err := commands.NewChangeContactDetailsHandler(g.contacts)
	must(t, err)
	archive, err := commands.NewArchiveContactHandler(g.contacts)
	must(t, err)
	d := tolvan()
	d.FamilyName = "Rättad"

	_, err = change.HandlePerson(ctx, commands.ChangePersonDetails{Actor: staff, ContactID: reg.ContactID, ExpectedVersion: reg.Version, Details: d})
	refusedWith(t, err, domain.KindForbidden, "gdpr.restricted")
	_, err = archive.Handle(ctx, commands.ArchiveContact{Actor: staff, ContactID: reg.ContactID, ExpectedVersion: reg.Version})
	refusedWith(t, err, domain.KindForbidden, "gdpr.restricted")
	if got := g.types(t, reg.ContactID); len(got) != 1 {
		t.Fatalf("refused changes wrote %v", got)
	}
	res, err := change.HandlePerson(ctx, commands.ChangePersonDetails{Actor: dpo, ContactID: reg.ContactID, ExpectedVersion: reg.Version, Details: d})
	must(t, err)

	lift, err := commands.NewLiftRestrictionHandler(g.subjects)
	must(t, err)
	_, err = lift.Handle(ctx, commands.LiftRestriction{Actor: dpo, SubjectID: reg.ContactID})
	must(t, err)
	_, err = archive.Handle(ctx, commands.ArchiveContact{Actor: staff, ContactID: reg.ContactID, ExpectedVersion: res.Version})
	must(t, err)
}

// Without a guard (the constructors' default) nothing changes.
func TestContactsWithoutAGuardIgnoreRestrictions(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	ctx := context.Background()
	reg := registerPerson(t, g.world, tolvan())
	restrict, err := commands.NewApplyRestrictionHandler(g.subjects)
	must(t, err)
	_, err = restrict.Handle(ctx, commands.ApplyRestriction{Actor: staff, SubjectID: reg.ContactID, Reason: "Prövas"})
	must(t, err)
	archive, err := commands.NewArchiveContactHandler(g.contacts)
	must(t, err)
	_, err = archive.Handle(ctx, commands.ArchiveContact{Actor: staff, ContactID: reg.ContactID, ExpectedVersion: reg.Version})
	must(t, err)
}
