package matter_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/eventstore"
)

// Refused openings write nothing and use up no number.
func TestRefusedOpeningsWriteNothing(t *testing.T) {
	t.Parallel()
	w := newMatterWorld(t)
	lawyer := w.lawyer(t)
	client, counterparty := w.person(t, "Klara", "Klient", ""), w.person(t, "Mot", "Part", "")
	h, err := mattercmd.NewOpenMatterHandler(w.matters)
	must(t, err)
	for name, c := range map[string]struct {
		edit       func(*mattercmd.OpenMatter)
		kind, code string
	}{
		"unknown practice area": {func(c *mattercmd.OpenMatter) { c.PracticeArea = "astrologi" }, "invalid", "matter.practice_area.unknown"},
		"unknown contact":       {func(c *mattercmd.OpenMatter) { c.Parties[1].ContactID = uuid.NewString() }, "invalid", "matter.party.contact_not_found"},
		"no client":             {func(c *mattercmd.OpenMatter) { c.Parties = c.Parties[1:] }, "invalid", "matter.party.client_required"},
		"unknown lawyer":        {func(c *mattercmd.OpenMatter) { c.ResponsibleLawyer = uuid.NewString() }, "invalid", "matter.staff.not_found"},
		"client not a lawyer":   {func(c *mattercmd.OpenMatter) { c.ResponsibleLawyer = client }, "invalid", "matter.staff.not_found"},
		"no title":              {func(c *mattercmd.OpenMatter) { c.Title = "" }, "invalid", "matter.text.required"},
		"no actor":              {func(c *mattercmd.OpenMatter) { c.Actor = journal.Actor{} }, "forbidden", "auth.actor_required"},
	} {
		cmd := openMatter(lawyer, client, counterparty)
		cmd.MatterID = uuid.NewString()
		c.edit(&cmd)
		_, err := h.Handle(context.Background(), cmd)
		var e *domain.Error
		if !errors.As(err, &e) || string(e.Kind) != c.kind || e.Code != c.code {
			t.Errorf("%s: %v, want %s %s", name, err, c.kind, c.code)
		}
		if got := w.matterTypes(t, cmd.MatterID); len(got) != 0 {
			t.Errorf("%s: wrote %v", name, got)
		}
	}
	_, err = w.store.ReadStream(context.Background(), matter.NumberingStream(2026), 0, 10)
	if !errors.Is(err, eventstore.ErrStreamNotFound) {
		t.Fatalf("a refused opening reserved a number: %v", err)
	}
}

// Impossible moves and party changes are refused and write nothing.
func TestRefusedChangesWriteNothing(t *testing.T) {
	t.Parallel()
	w := newMatterWorld(t)
	res := w.intake(t, w.lawyer(t), w.person(t, "Klara", "Klient", ""), w.person(t, "Mot", "Part", ""))
	life, err := mattercmd.NewMatterLifecycleHandler(w.matters)
	must(t, err)
	parties, err := mattercmd.NewMatterPartiesHandler(w.matters)
	must(t, err)
	details, err := mattercmd.NewMatterDetailsHandler(w.matters)
	must(t, err)
	ctx := context.Background()
	status := mattercmd.ChangeMatterStatus{Actor: staff, MatterID: res.MatterID, ExpectedVersion: res.Version}
	_, err = life.HandleArchive(ctx, status)
	refusedWith(t, err, domain.KindConflict, "matter.not_closed")
	_, err = parties.HandleAdd(ctx, mattercmd.AddMatterParty{Actor: staff, MatterID: res.MatterID, ExpectedVersion: res.Version,
		Party: mattercmd.MatterParty{ContactID: uuid.NewString(), Role: matter.RoleWitness}})
	refusedWith(t, err, domain.KindInvalid, "matter.party.contact_not_found")
	_, err = details.HandleDetails(ctx, mattercmd.ChangeMatterDetails{Actor: staff, MatterID: res.MatterID, ExpectedVersion: res.Version,
		Title: "Ny titel", PracticeArea: "astrologi"})
	refusedWith(t, err, domain.KindInvalid, "matter.practice_area.unknown")
	_, err = details.HandleDetails(ctx, mattercmd.ChangeMatterDetails{Actor: staff, MatterID: res.MatterID, ExpectedVersion: res.Version + 5,
		Title: "Ny titel", PracticeArea: "arbetsrätt"})
	refusedWith(t, err, domain.KindConflict, "matter.changed_meanwhile")
	before := w.matterTypes(t, res.MatterID)

	closed, err := life.HandleClose(ctx, status)
	must(t, err)
	status.ExpectedVersion = closed.Version
	_, err = life.HandleActivate(ctx, status)
	refusedWith(t, err, domain.KindConflict, "matter.closed")
	witness := w.person(t, "Vera", "Vittne", "")
	_, err = parties.HandleAdd(ctx, mattercmd.AddMatterParty{Actor: staff, MatterID: res.MatterID, ExpectedVersion: closed.Version,
		Party: mattercmd.MatterParty{ContactID: witness, Role: matter.RoleWitness}})
	refusedWith(t, err, domain.KindConflict, "matter.closed")
	_, err = life.HandleReopen(ctx, status)
	refusedWith(t, err, domain.KindInvalid, "matter.text.required")
	if got := w.matterTypes(t, res.MatterID); len(got) != len(before)+1 {
		t.Fatalf("stream %v after refusals, want %v and the closing", got, before)
	}
	_, err = life.HandleClose(ctx, mattercmd.ChangeMatterStatus{Actor: staff, MatterID: uuid.NewString()})
	refusedWith(t, err, domain.KindNotFound, "matter.not_found")
}

func TestMatterConstructorsRefuseNil(t *testing.T) {
	t.Parallel()
	if _, err := mattercmd.NewMatters(nil, nil, nil, mattercmd.MatterConfig{}); err == nil {
		t.Error("NewMatters accepted nil dependencies")
	}
	w := newMatterWorld(t)
	if _, err := mattercmd.NewMatters(w.store, w.codec, time.Now, mattercmd.MatterConfig{PracticeAreas: []string{"a", "A"}}); err == nil {
		t.Error("NewMatters accepted a practice area listed twice")
	}
	for name, construct := range map[string]func() error{
		"open":      func() error { _, err := mattercmd.NewOpenMatterHandler(nil); return err },
		"details":   func() error { _, err := mattercmd.NewMatterDetailsHandler(nil); return err },
		"parties":   func() error { _, err := mattercmd.NewMatterPartiesHandler(nil); return err },
		"staffing":  func() error { _, err := mattercmd.NewMatterStaffingHandler(nil); return err },
		"lifecycle": func() error { _, err := mattercmd.NewMatterLifecycleHandler(nil); return err },
		"conflicts": func() error { _, err := mattercmd.NewConflictCheckHandler(w.matters, nil, w.checker); return err },
	} {
		if construct() == nil {
			t.Errorf("%s: constructor accepted a nil dependency", name)
		}
	}
}
