package contactimport_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"golang.org/x/text/encoding/charmap"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/contactimport"
	"github.com/klient-crm/klient/projections/contacts"
)

var importer = journal.Actor{ID: "staff-import"}

// A Swedish Excel list: a new person, a row with a wrong check digit, an
// existing client by personnummer, the same row twice, an erased person.
func TestDryRunAndImportOfAnExcelList(t *testing.T) {
	t.Parallel()
	app := apptest.New(t)
	apptest.Live(t, app.Runtime)
	ctx := context.Background()
	existing := apptest.Person(t, app.Contacts, contact.PersonDetails{GivenName: "Åsa", FamilyName: "Öberg", Personnummer: "19640823-3234"})
	apptest.Settle(t, app.Runtime, existing.Position)

	text := "Förnamn;Efternamn;Personnummer;E-post;Mobil\r\n" +
		"Per;Ek;19811218-9876;per.ek@example.se;070-111 22 33\r\n" +
		"Lena;Falk;19811218-9875;lena@example.se;\r\n" +
		"Åsa;Öberg;640823-3234;asa.oberg@example.se;\r\n" +
		"Per;Ek;19811218-9876;per.ek@example.se;070-111 22 33\r\n" +
		"Organisation;;;;\r\n"
	data, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	apptest.Must(t, err)
	tab, err := contactimport.Read(data)
	apptest.Must(t, err)
	logged := eventCount(t, app)
	plan, err := contactimport.DryRun(ctx, app.Pool, importer, data, tab, tab.Guess, apptest.Now())
	apptest.Must(t, err)

	outcomes := []contactimport.Outcome{}
	for _, r := range plan.Rows {
		outcomes = append(outcomes, r.Outcome)
	}
	want := []contactimport.Outcome{contactimport.OutcomeNew, contactimport.OutcomeInvalid, contactimport.OutcomeDuplicate,
		contactimport.OutcomeRepeated, contactimport.OutcomeInvalid}
	if !slices.Equal(outcomes, want) {
		t.Fatalf("outcomes %v, want %v", outcomes, want)
	}
	if m := plan.Rows[2].Match; m == nil || m.ContactID != existing.ContactID || !m.Exact || m.Name != "Åsa Öberg" {
		t.Fatalf("duplicate's match: %+v", plan.Rows[2].Match)
	}
	if p := plan.Rows[1].Problems; len(p) != 1 || p[0].Code != "contact.personnummer.checksum" {
		t.Fatalf("problems of the wrong check digit: %+v", p)
	}
	if n := eventCount(t, app) - logged; n != 0 {
		t.Fatalf("the dry run wrote: %d events in the log", n)
	}

	im := newImporter(app)
	batch := contactimport.Batch{Basis: gdpr.BasisContract, Purpose: "client_relationship", FileName: "klienter.csv",
		Decisions: map[int]contactimport.Decision{4: contactimport.DecisionMerge}}
	var last int
	res, err := im.Run(ctx, importer, plan, batch, func(done, total int) { last = done })
	apptest.Must(t, err)
	if res.Created != 1 || res.Merged != 1 || res.Invalid != 2 || res.Skipped != 1 || last != 2 {
		t.Fatalf("result %+v, progress %d", res, last)
	}
	apptest.Settle(t, app.Runtime, res.Position)
	per, err := contacts.Get(ctx, app.Pool, plan.Rows[0].ContactID)
	apptest.Must(t, err)
	if per.DisplayName != "Per Ek" || per.Personnummer != "19811218-9876" || per.Phones[0].Number != "+46701112233" {
		t.Fatalf("imported: %+v", per)
	}
	asa, err := contacts.Get(ctx, app.Pool, existing.ContactID)
	apptest.Must(t, err)
	if len(asa.Emails) != 1 || asa.Emails[0].Address != "asa.oberg@example.se" {
		t.Fatalf("merge did not fill the empty e-mail: %+v", asa.Emails)
	}
	var basis, purpose, note string
	apptest.Must(t, app.Pool.QueryRow(ctx, `SELECT basis, purpose, note FROM gdpr_bases_v1 WHERE subject_id = $1`,
		per.ID).Scan(&basis, &purpose, &note))
	if basis != string(gdpr.BasisContract) || purpose != "client_relationship" ||
		note != `Källa: import av filen "klienter.csv" (import `+plan.ImportID+`)` {
		t.Fatalf("basis %q %q %q", basis, purpose, note)
	}

	// The same file again: nothing new.
	again, err := contactimport.DryRun(ctx, app.Pool, importer, data, tab, tab.Guess, apptest.Now())
	apptest.Must(t, err)
	if again.ImportID != plan.ImportID || again.Rows[0].Outcome != contactimport.OutcomeImported || again.Counts.New != 0 {
		t.Fatalf("second dry run: %+v", again.Counts)
	}
	before := eventCount(t, app)
	res2, err := im.Run(ctx, importer, again, contactimport.Batch{Basis: gdpr.BasisContract, Purpose: "client_relationship"}, nil)
	apptest.Must(t, err)
	if res2.Created != 0 || eventCount(t, app) != before+1 {
		t.Fatalf("second run %+v wrote %d events", res2, eventCount(t, app)-before)
	}
	// One line in the trail per run, with its counts.
	var lines int
	apptest.Must(t, app.Pool.QueryRow(ctx, `SELECT count(*) FROM events WHERE stream = $1`,
		contact.ImportStreamName(plan.ImportID)).Scan(&lines))
	if lines != 2 {
		t.Fatalf("%d import events, want 2", lines)
	}
}

// A restricted person's row, in the same file again, is withheld with
// nothing said of them; a person whose key an erasure destroyed is never
// registered again (the run skips the row).
func TestErasedAndRestrictedAreNeverCreatedAgain(t *testing.T) {
	t.Parallel()
	app := apptest.New(t)
	apptest.Live(t, app.Runtime)
	ctx := context.Background()
	data := []byte("Förnamn;Efternamn;E-post\nKarin;Lund;karin@example.se\nOlof;Sten;olof@example.se\n")
	tab, err := contactimport.Read(data)
	apptest.Must(t, err)
	plan, err := contactimport.DryRun(ctx, app.Pool, importer, data, tab, tab.Guess, apptest.Now())
	apptest.Must(t, err)
	im := newImporter(app)
	batch := contactimport.Batch{Basis: gdpr.BasisLegitimateInterest, Purpose: "matter_handling", Note: "Motpart i tvist"}
	res, err := im.Run(ctx, importer, plan, batch, nil)
	apptest.Must(t, err)
	if res.Created != 2 {
		t.Fatalf("first run %+v", res)
	}
	karin, olof := plan.Rows[0].ContactID, plan.Rows[1].ContactID
	restrict, err := gdprcmd.NewApplyRestrictionHandler(app.Subjects)
	apptest.Must(t, err)
	r, err := restrict.Handle(ctx, gdprcmd.ApplyRestriction{Actor: journal.Actor{ID: "dpo-1"}, SubjectID: olof, Reason: "Bestrider riktigheten"})
	apptest.Must(t, err)
	apptest.Settle(t, app.Runtime, r.Position)
	again, err := contactimport.DryRun(ctx, app.Pool, importer, data, tab, tab.Guess, apptest.Now())
	apptest.Must(t, err)
	if row := again.Rows[1]; row.Outcome != contactimport.OutcomeWithheld || row.Name != "" || row.Match != nil || row.Choices() != nil {
		t.Errorf("restricted row: %+v", row)
	}

	_, err = app.Keys.Shred(ctx, karin)
	apptest.Must(t, err)
	plan.Rows[0].Outcome, plan.Rows[0].Decision = contactimport.OutcomeNew, contactimport.DecisionCreate // as if the read model had not heard
	before := eventCount(t, app)
	res, err = im.Run(ctx, importer, plan, batch, nil)
	apptest.Must(t, err)
	if res.Created != 0 || eventCount(t, app) != before+1 {
		t.Fatalf("after the erasure: %+v, %d events written", res, eventCount(t, app)-before)
	}
}

func newImporter(app *apptest.App) *contactimport.Importer {
	return &contactimport.Importer{Contacts: app.Contacts, Subjects: app.Subjects, Keys: app.Keys, DB: app.Pool}
}

func eventCount(t *testing.T, app *apptest.App) int {
	t.Helper()
	var n int
	apptest.Must(t, app.Pool.QueryRow(context.Background(), `SELECT count(*) FROM events`).Scan(&n))
	return n
}

// A row that is likely a person who has objected (art. 21) is withheld:
// neither created again nor offered as one to fill in.
func TestObjectingPersonIsWithheld(t *testing.T) {
	t.Parallel()
	app := apptest.New(t)
	apptest.Live(t, app.Runtime)
	ctx := context.Background()
	p := apptest.Person(t, app.Contacts, contact.PersonDetails{GivenName: "Olga", FamilyName: "Invänd", Personnummer: "19121212-1212"})
	object, err := gdprcmd.NewRecordObjectionHandler(app.Subjects)
	apptest.Must(t, err)
	res, err := object.Handle(ctx, gdprcmd.RecordObjection{Actor: journal.Actor{ID: "staff-1"}, SubjectID: p.ContactID,
		To: gdpr.ObjectToProcessing, Reason: "Vill inte registreras"})
	apptest.Must(t, err)
	apptest.Settle(t, app.Runtime, res.Position)
	data := []byte("Förnamn;Efternamn;Personnummer\nOlga;Invänd;121212-1212\n")
	tab, err := contactimport.Read(data)
	apptest.Must(t, err)
	plan, err := contactimport.DryRun(ctx, app.Pool, importer, data, tab, tab.Guess, apptest.Now())
	apptest.Must(t, err)
	if row := plan.Rows[0]; row.Outcome != contactimport.OutcomeWithheld || row.Name != "" || row.Match != nil || row.Choices() != nil {
		t.Fatalf("the objecting person's row: %+v", row)
	}
	run, err := newImporter(app).Run(ctx, importer, plan, contactimport.Batch{Basis: gdpr.BasisContract, Purpose: "client_relationship"}, nil)
	apptest.Must(t, err)
	if run.Created != 0 || run.Skipped != 1 {
		t.Fatalf("run: %+v", run)
	}
}

// Issue 14's "the same personnummer registered three times": two offices'
// files imported at the same moment, each with Tolvan's personnummer
// under a different spelling of his name, make one contact; the other
// row is skipped. The import claims the number as a registration does,
// so a registration afterwards is refused too.
func TestConcurrentImportsOfOnePersonnummerMakeOneContact(t *testing.T) {
	t.Parallel()
	app := apptest.New(t)
	apptest.Live(t, app.Runtime)
	ctx := context.Background()
	files := [][]byte{
		[]byte("Förnamn;Efternamn;Personnummer\nTolvan;Tolvansson;19121212-1212\n"),
		[]byte("Förnamn;Efternamn;Personnummer;E-post\nTolvan;Tolfvansson;191212121212;tolvan@example.se\n"),
	}
	plans := make([]contactimport.Plan, len(files))
	for i, data := range files {
		tab, err := contactimport.Read(data)
		apptest.Must(t, err)
		plans[i], err = contactimport.DryRun(ctx, app.Pool, importer, data, tab, tab.Guess, apptest.Now())
		apptest.Must(t, err)
		if plans[i].Rows[0].Outcome != contactimport.OutcomeNew {
			t.Fatalf("file %d's row before either import: %+v", i, plans[i].Rows[0])
		}
	}
	batch := contactimport.Batch{Basis: gdpr.BasisContract, Purpose: "client_relationship"}
	results := make([]contactimport.Result, len(files))
	errs := make([]error, len(files))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range files {
		wg.Go(func() {
			<-start
			results[i], errs[i] = newImporter(app).Run(ctx, importer, plans[i], batch, nil)
		})
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		apptest.Must(t, err)
	}

	if created := results[0].Created + results[1].Created; created != 1 || results[0].Skipped+results[1].Skipped != 1 {
		t.Fatalf("the two imports created %d contacts (%+v, %+v), want one and the other row skipped", created, results[0], results[1])
	}
	var registered int
	apptest.Must(t, app.Pool.QueryRow(ctx, `SELECT count(*) FROM events WHERE type = 'contact.PersonRegistered'`).Scan(&registered))
	if registered != 1 {
		t.Errorf("%d contacts registered in the log, want 1", registered)
	}
	register, err := contactcmd.NewRegisterPersonHandler(app.Contacts)
	apptest.Must(t, err)
	_, err = register.Handle(ctx, contactcmd.RegisterPerson{Actor: importer,
		Details: contact.PersonDetails{GivenName: "Tolvan", FamilyName: "Tolvansson", Personnummer: "19121212-1212"}})
	var taken *contact.NumberTaken
	if !errors.As(err, &taken) {
		t.Errorf("a registration of the imported number after the imports: %v, want it taken", err)
	}
}
