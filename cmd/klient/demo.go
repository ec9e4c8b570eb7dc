package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// demoActor authors the demo events, so they are told apart in history.
var demoActor = journal.Actor{ID: "system-demo-data", CorrelationID: "demo-data"}

// runDemoData adds a few invented contacts when the log is empty, so that
// `make run` shows a working product. It never touches a log with events.
// With --scale N it writes a whole firm instead (demo_scale.go).
func runDemoData(ctx context.Context, args []string, stdout io.Writer) error {
	var scale demoScale
	cfg, _, err := parseConfig("demo-data", args, stdout, scale.register)
	if err != nil {
		return err
	}
	if scale.wanted() {
		return runDemoScale(ctx, cfg, scale, stdout)
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if why, err := a.demoUnwelcome(ctx); err != nil || why != "" {
		if err == nil {
			_, err = fmt.Fprintf(stdout, "demo data: %s; nothing added\n", why)
		}
		return err
	}
	n, err := a.seedDemo(ctx)
	if err != nil {
		return fmt.Errorf("demo data: %w", err)
	}
	if err := a.withProjectors(ctx, a.seedStaff); err != nil {
		return fmt.Errorf("demo accounts: %w", err)
	}
	if err := a.seedTemplates(ctx); err != nil {
		return fmt.Errorf("demo workflow templates: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "demo data: added %d contacts, %d staff accounts (passwords in the README) and %d workflow templates\n",
		n, len(demoAccounts), len(demoTemplates))
	return err
}

// demoUnwelcome says why demo data must not be added: it is there already
// (its first stream is read directly, which no visibility horizon delays), or
// the log holds someone's real work.
func (a *app) demoUnwelcome(ctx context.Context) (string, error) {
	_, err := a.store.ReadStream(ctx, contact.StreamName(demoIDs[0]), 0, 1)
	if err == nil {
		return "the demo contacts are there already", nil
	}
	if !errors.Is(err, eventstore.ErrStreamNotFound) {
		return "", err
	}
	existing, err := a.store.ReadAll(ctx, eventstore.Start, 1)
	if err != nil || len(existing) == 0 {
		return "", err
	}
	return "the log already has events", nil
}

func (a *app) seedDemo(ctx context.Context) (int, error) {
	orgs, err := a.seedOrganisations(ctx)
	if err != nil {
		return 0, err
	}
	people, err := a.seedPeople(ctx)
	if err != nil {
		return 0, err
	}
	affiliate, err := contactcmd.NewAddAffiliationHandler(a.contacts)
	if err != nil {
		return 0, err
	}
	for i, role := range []string{"VD", "Ekonomichef"} {
		_, err := affiliate.Handle(ctx, contactcmd.AddAffiliation{Actor: demoActor,
			ContactID: people[i].ContactID, ExpectedVersion: people[i].Version,
			OrganisationID: orgs[0].ContactID, Role: role})
		if err != nil {
			return 0, err
		}
	}
	return len(orgs) + len(people), nil
}

func (a *app) seedOrganisations(ctx context.Context) ([]contactcmd.Result, error) {
	h, err := contactcmd.NewRegisterOrganisationHandler(a.contacts)
	if err != nil {
		return nil, err
	}
	var out []contactcmd.Result
	for i, d := range demoOrganisations {
		r, err := h.Handle(ctx, contactcmd.RegisterOrganisation{Actor: demoActor, ContactID: demoIDs[i], Details: d})
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (a *app) seedPeople(ctx context.Context) ([]contactcmd.Result, error) {
	h, err := contactcmd.NewRegisterPersonHandler(a.contacts)
	if err != nil {
		return nil, err
	}
	var out []contactcmd.Result
	for i, d := range demoPeople {
		id := demoIDs[len(demoOrganisations)+i]
		r, err := h.Handle(ctx, contactcmd.RegisterPerson{Actor: demoActor, ContactID: id, Details: d})
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// demoIDs are fixed so that a second run finds the first one's contacts:
// organisations first, then people, in the order below.
var demoIDs = []string{
	"0193a000-0000-7000-8000-000000000001", "0193a000-0000-7000-8000-000000000002",
	"0193a000-0000-7000-8000-000000000003", "0193a000-0000-7000-8000-000000000004",
	"0193a000-0000-7000-8000-000000000005", "0193a000-0000-7000-8000-000000000006",
}

// The demo contacts are invented; their numbers pass the check digit only.
var demoOrganisations = []contact.OrganisationDetails{
	{Name: "Norrsken Bygg AB", Organisationsnummer: "556677-8899",
		Emails:    []contact.Email{{Address: "info@norrskenbygg.example", Label: "växel"}},
		Addresses: []contact.Address{{Street: "Sveavägen 12", PostalCode: "111 57", City: "Stockholm", Country: "SE"}}},
	{Name: "Fjällräven Fastigheter AB", Organisationsnummer: "556123-4567",
		Phones: []contact.Phone{{Number: "+46 8 123 456 00"}}},
}

var demoPeople = []contact.PersonDetails{
	{GivenName: "Åsa", FamilyName: "Lindqvist", Personnummer: "19850312-4128",
		Emails: []contact.Email{{Address: "asa.lindqvist@example.se", Label: "arbete"}},
		Phones: []contact.Phone{{Number: "070-123 45 67", Label: "mobil"}}},
	{GivenName: "Johan", FamilyName: "Ek", Personnummer: "19701102-9035",
		Emails: []contact.Email{{Address: "johan.ek@example.se"}}},
	{GivenName: "Tolvan", FamilyName: "Tolvansson", Personnummer: "19121212-1212",
		Addresses: []contact.Address{{Street: "Storgatan 1", PostalCode: "411 38", City: "Göteborg", Country: "SE"}}},
	{GivenName: "Märta", FamilyName: "Öberg", Personnummer: "19920721-9230", ProtectedIdentity: true,
		Addresses: []contact.Address{{Street: "Hemlig väg 3", PostalCode: "222 22", City: "Lund", Country: "SE"}}},
}
