package contacts

import (
	"context"
	"slices"
	"time"

	gdprmodel "github.com/klient-crm/klient/projections/gdpr"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/internal/contactimport"
	"github.com/klient-crm/klient/projections/contacts"
)

// CommandHandler is one command's handler as the commands package builds it
// (*contactcmd.RegisterPersonHandler is a CommandHandler[contactcmd.RegisterPerson]).
type CommandHandler[C any] interface {
	Handle(ctx context.Context, cmd C) (contactcmd.Result, error)
}

// DetailsChanger is *contactcmd.ChangeContactDetailsHandler.
type DetailsChanger interface {
	HandlePerson(ctx context.Context, cmd contactcmd.ChangePersonDetails) (contactcmd.Result, error)
	HandleOrganisation(ctx context.Context, cmd contactcmd.ChangeOrganisationDetails) (contactcmd.Result, error)
}

// ContactCommands are the contact write side's handlers the pages and the
// API use.
type ContactCommands struct {
	RegisterPerson       CommandHandler[contactcmd.RegisterPerson]
	RegisterOrganisation CommandHandler[contactcmd.RegisterOrganisation]
	ChangeDetails        DetailsChanger
	Archive              CommandHandler[contactcmd.ArchiveContact]
	Reactivate           CommandHandler[contactcmd.ReactivateContact]
	Links                LinkCommands
	Merge                Merger
}

// Merger is *contactcmd.MergeContactsHandler.
type Merger interface {
	Handle(ctx context.Context, cmd contactcmd.MergeContacts) (contactcmd.MergeResult, error)
}

// RelationshipCommands is *contactcmd.RelationshipHandler.
type RelationshipCommands interface {
	Add(ctx context.Context, cmd contactcmd.AddRelationship) (contactcmd.Result, error)
	End(ctx context.Context, cmd contactcmd.EndRelationship) (contactcmd.Result, error)
}

// LinkCommands are the handlers of the links between contacts: a person's
// roles at organisations and the relations between contacts.
type LinkCommands struct {
	AddAffiliation CommandHandler[contactcmd.AddAffiliation]
	EndAffiliation CommandHandler[contactcmd.EndAffiliation]
	Relationships  RelationshipCommands
}

// Privacy is what the pages of a person's lawful bases, consents,
// objection and restriction need, and the public consent-withdrawal link.
// Every field but LinkLifetime is required.
type Privacy struct {
	RecordBasis     web.Handles[gdprcmd.RecordLawfulBasis, gdprcmd.SubjectResult]
	EndBasis        web.Handles[gdprcmd.EndLawfulBasis, gdprcmd.SubjectResult]
	GiveConsent     web.Handles[gdprcmd.GiveConsent, gdprcmd.SubjectResult]
	WithdrawConsent web.Handles[gdprcmd.WithdrawConsent, gdprcmd.SubjectResult]
	WithdrawByLink  web.Handles[gdprcmd.WithdrawConsentByLink, gdprcmd.SubjectResult]
	// ObjectByLink records the objection a campaign's opt-out link names
	// (the e-mails to existing clients under legitimate interest).
	ObjectByLink web.Handles[gdprcmd.ObjectToMarketingByLink, gdprcmd.SubjectResult]
	Object       web.Handles[gdprcmd.RecordObjection, gdprcmd.SubjectResult]
	Restrict     web.Handles[gdprcmd.ApplyRestriction, gdprcmd.SubjectResult]
	Lift         web.Handles[gdprcmd.LiftRestriction, gdprcmd.SubjectResult]
	// Links signs and checks withdrawal links with the fleet's key
	// (projections/gdpr's LoadWithdrawalLinks): the same key the
	// WithdrawByLink handler checks with.
	Links *gdpr.WithdrawalLinks
	// Purposes are the firm's processing purposes (the ones the commands
	// accept), offered in the forms.
	Purposes gdpr.Purposes
	Register PrivacyRegister
	// LinkLifetime is how long a withdrawal link works; zero means
	// DefaultLinkLifetime.
	LinkLifetime time.Duration
}

// DefaultLinkLifetime is long enough for a letter to be read and answered
// and short enough that an old mail in a shared inbox stops working.
const DefaultLinkLifetime = 90 * 24 * time.Hour

func (d Privacy) validate(check func(ok bool, name string)) {
	check(web.Present(d.RecordBasis), "Privacy.RecordBasis")
	check(web.Present(d.EndBasis), "Privacy.EndBasis")
	check(web.Present(d.GiveConsent), "Privacy.GiveConsent")
	check(web.Present(d.WithdrawConsent), "Privacy.WithdrawConsent")
	check(web.Present(d.WithdrawByLink), "Privacy.WithdrawByLink")
	check(web.Present(d.ObjectByLink), "Privacy.ObjectByLink")
	check(web.Present(d.Object), "Privacy.Object")
	check(web.Present(d.Restrict), "Privacy.Restrict")
	check(web.Present(d.Lift), "Privacy.Lift")
	check(web.Present(d.Links), "Privacy.Links")
	check(len(d.Purposes) > 0, "Privacy.Purposes")
	check(web.Present(d.Register), "Privacy.Register")
}

func (d Privacy) linkLifetime() time.Duration {
	if d.LinkLifetime <= 0 {
		return DefaultLinkLifetime
	}
	return d.LinkLifetime
}

// PrivacyRegister is the GDPR register read model as the privacy panel
// reads it; PrivacyReadModel binds it to a database.
type PrivacyRegister interface {
	// Subject is what the register holds on one person, with what it
	// holds on the contacts merged into theirs.
	Subject(ctx context.Context, subjectID string) (gdpr.SubjectState, error)
	// WholeContact reads a contact even while restricted: the
	// data-protection officer's view.
	WholeContact(ctx context.Context, id string) (contacts.Contact, error)
	// ConsentHolder is whose register holds consentID among the person
	// and the contacts merged into theirs: a consent given under a merged
	// contact stays in that contact's stream, and is withdrawn there.
	// The person's own ID when none holds it (the command refuses then).
	ConsentHolder(ctx context.Context, subjectID, consentID string) (string, error)
}

// PrivacyReadModel returns the PrivacyRegister over db (a *pgxpool.Pool).
func PrivacyReadModel(db gdprmodel.DB) PrivacyRegister { return privacyReadModel{db} }

type privacyReadModel struct{ db gdprmodel.DB }

func (m privacyReadModel) Subject(ctx context.Context, subjectID string) (gdpr.SubjectState, error) {
	absorbed, err := contacts.Absorbed(ctx, m.db, subjectID)
	if err != nil {
		return gdpr.SubjectState{}, err
	}
	return gdprmodel.SurvivorState(ctx, m.db, subjectID, absorbed)
}

func (m privacyReadModel) ConsentHolder(ctx context.Context, subjectID, consentID string) (string, error) {
	absorbed, err := contacts.Absorbed(ctx, m.db, subjectID)
	if err != nil || len(absorbed) == 0 {
		return subjectID, err
	}
	ids := append([]string{subjectID}, absorbed...)
	states, err := gdprmodel.SubjectStates(ctx, m.db, ids)
	if err != nil {
		return "", err
	}
	for _, id := range ids {
		if slices.ContainsFunc(states[id].Consents, func(c gdpr.ConsentRecord) bool { return c.ConsentID == consentID }) {
			return id, nil
		}
	}
	return subjectID, nil
}

func (m privacyReadModel) WholeContact(ctx context.Context, id string) (contacts.Contact, error) {
	return contacts.GetWith(ctx, m.db, id, contacts.GetOptions{IncludeRestricted: true})
}

// privacyProjector is the read model of the GDPR register.
const privacyProjector = "gdpr"

// awaitRegister waits until the register shows res, and the contacts read
// model too: a restriction and its lift decide there who sees the person
// (the page staff land on after a lift once answered 404 until it caught up).
func (s *Handlers) awaitRegister(ctx context.Context, res gdprcmd.SubjectResult) {
	s.Await(ctx, privacyProjector, res.Position)
	s.Await(ctx, web.ContactsProjector, res.Position)
}

// Deps are the contacts context's collaborators: the contact commands, and
// a person's privacy (bases, consents, objection, restriction, the public
// withdrawal link). Every field is required.
type Deps struct {
	Commands   ContactCommands
	Privacy    Privacy
	Campaigns  Campaigns
	Duplicates DuplicateFinder // the likely-duplicate warning (duplicates.go)
	// Import reads, plans and writes imports of contacts from files.
	Import *contactimport.Importer
	// Special marks contacts and their fields as special categories
	// (art. 9, 10) and reads the markings (special.go).
	Special SpecialMarking
}

// Validate names every missing collaborator.
func (d Deps) Validate(check func(ok bool, name string)) {
	c := d.Commands
	check(web.Present(c.RegisterPerson), "Commands.RegisterPerson")
	check(web.Present(c.RegisterOrganisation), "Commands.RegisterOrganisation")
	check(web.Present(c.ChangeDetails), "Commands.ChangeDetails")
	check(web.Present(c.Archive), "Commands.Archive")
	check(web.Present(c.Reactivate), "Commands.Reactivate")
	check(web.Present(c.Links.AddAffiliation), "Commands.Links.AddAffiliation")
	check(web.Present(c.Links.EndAffiliation), "Commands.Links.EndAffiliation")
	check(web.Present(c.Links.Relationships), "Commands.Links.Relationships")
	check(web.Present(c.Merge), "Commands.Merge")
	check(web.Present(d.Duplicates), "Duplicates")
	d.Privacy.validate(check)
	check(d.Import != nil && d.Import.Contacts != nil && d.Import.Subjects != nil && d.Import.DB != nil, "Import")
	d.Campaigns.validate(check)
	check(web.Present(d.Special.Mark), "Special.Mark")
	check(web.Present(d.Special.Marks), "Special.Marks")
}
