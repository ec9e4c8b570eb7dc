package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	communicationcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	mattercmd "github.com/klient-crm/klient/commands/matter"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/internal/mailtest"
	"github.com/klient-crm/klient/projections/matters"
	staffmodel "github.com/klient-crm/klient/projections/staff"
)

// `klient mail send` delivers what the outbox holds through
// KLIENT_SMTP_URL and `klient mail status` counts by state; neither
// prints an address. Without an SMTP URL, send says how to set one.
func TestMailSendAndStatus(t *testing.T) {
	s := newSetup(t)
	a := s.open(t)
	p := person(t, a, contact.PersonDetails{GivenName: "Stina", FamilyName: "Utkorg"})
	log, err := communicationcmd.NewCommunications(a.store, a.codec, now)
	check(t, err)
	h, err := communicationcmd.NewRequestMailHandler(log)
	check(t, err)
	res, err := h.Handle(context.Background(), communicationcmd.RequestMail{Actor: journal.Actor{ID: "staff-1"}, Recipient: p.ContactID,
		Purpose: communication.PurposeLetter, Mail: communication.Mail{To: "stina.utkorg@example.se", Subject: "Hej", Body: "Hej Stina"}})
	check(t, err)
	project(t, a, res.Position)

	out, err := s.run(t, runMail, "status")
	if err != nil || strings.TrimSpace(out) != "queued     1" {
		t.Fatalf("status: %v\n%q", err, out)
	}
	if _, err := s.run(t, runMail, "send"); err == nil || !strings.Contains(err.Error(), "KLIENT_SMTP_URL") {
		t.Errorf("send without a server: %v", err)
	}
	pit := mailtest.Start(t, 0)
	out, err = s.run(t, runMail, "send", "--smtp-url", pit.SMTPURL(), "--mail-from", "Byrån <info@byran.example>")
	if err != nil || !strings.Contains(out, "worked 1 e-mails") || !strings.Contains(out, "sent       1") {
		t.Fatalf("send: %v\n%s", err, out)
	}
	if strings.Contains(out, "stina") || pit.Count() != 1 {
		t.Errorf("output %q, mailpit %d", out, pit.Count())
	}
}

// Issue 15's CLI: `klient mail templates|letter|held …` act as a named
// staff member through the same edge and commands as the pages, with
// their rights and walls. An administrator saves a template from a file
// (one with an unknown field is refused with its line, nothing saved);
// the matter's lawyer sends a letter from it to the client, which
// arrives in mailpit rendered against the matter; a lawyer not on the
// matter gets exactly the refusal of a number no matter has; a lawyer's
// held e-mail is listed, refused for a matter they do not work on, filed
// under theirs and, another, discarded only with --yes. Refusals are one
// Swedish line (English with KLIENT_LANG=en) and write nothing.
func TestMailCLIActsAsTheStaffMember(t *testing.T) {
	s := newSetup(t)
	for _, u := range [][]string{{"it@byran.example", "Ida IT", "admin"}, {"advokat@byran.example", "Lena Advokat", "lawyer"},
		{"annan@byran.example", "Olle Annan", "lawyer"}, {"marknad@byran.example", "Mia Marknad", "marketing"}} {
		if out, err := s.run(t, runUsers, "create", "--email", u[0], "--name", u[1], "--role", u[2]); err != nil {
			t.Fatalf("users create %s: %v\n%s", u[0], err, out)
		}
	}
	a := s.open(t)
	live(t, a)
	ctx := context.Background()
	var lawyer staffmodel.Member
	for deadline := time.Now().Add(15 * time.Second); lawyer.ID == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		m, found, err := staffmodel.ByEmail(ctx, a.pool, "advokat@byran.example")
		check(t, err)
		if found {
			lawyer = m
		}
	}
	client := person(t, a, contact.PersonDetails{GivenName: "Åsa", FamilyName: "Öberg", Emails: []contact.Email{{Address: "asa@exempel.se"}}})
	settle(t, a, client.Position)
	repo, err := mattercmd.NewMatters(a.store, a.codec, now, mattercmd.MatterConfig{})
	check(t, err)
	open, err := mattercmd.NewOpenMatterHandler(repo)
	check(t, err)
	opened, err := open.Handle(ctx, mattercmd.OpenMatter{Actor: journal.Actor{ID: lawyer.ID}, Title: "Öberg ./. Bolaget AB",
		PracticeArea: "processrätt", ResponsibleLawyer: lawyer.ID,
		Parties: []mattercmd.MatterParty{{ContactID: client.ContactID, Role: matter.RoleClient}}})
	check(t, err)
	settle(t, a, opened.Position)
	m, err := matters.Get(ctx, a.pool, opened.MatterID)
	check(t, err)
	events := func() (n int) {
		check(t, a.pool.QueryRow(ctx, `SELECT count(*) FROM events`).Scan(&n))
		return n
	}
	oneLine := func(what string, err error, want ...string) {
		t.Helper()
		if err == nil || strings.Contains(err.Error(), "\n") {
			t.Fatalf("%s: %v; want a refusal in one line", what, err)
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", what, err, w)
			}
		}
	}

	dir := t.TempDir()
	file := func(name, text string) string {
		path := filepath.Join(dir, name)
		check(t, os.WriteFile(path, []byte(text), 0o600))
		return path
	}
	before := events()
	_, err = s.run(t, runMail, "templates", "save", "--file", file("fel.txt", "Hej {{klient.namn}},\n\n{{ärende.nr}}\n"),
		"--name", "Fel", "--subject", "Hej", "--staff", "it@byran.example")
	oneLine("a template with an unknown field", err, "Rad 3", "ärende.nr")
	_, err = s.run(t, runMail, "templates", "save", "--file", file("ok.txt", "Hej\n"), "--name", "Bekräftelse", "--subject", "Hej",
		"--staff", "advokat@byran.example")
	oneLine("a lawyer saving a template", err, "behörighet")
	_, err = s.run(t, runMail, "templates", "list", "--staff", "ingen@byran.example")
	oneLine("an unknown staff member", err, "ingen aktiv anställd")
	if events() != before {
		t.Fatalf("refused template commands wrote %d events", events()-before)
	}
	text := "Hej {{mottagare.namn}},\n\nvi har tagit emot ert ärende {{ärende.titel}}.\n"
	out, err := s.run(t, runMail, "templates", "save", "--file", file("ok.txt", text), "--name", "Bekräftelse av uppdrag",
		"--subject", "Ärende {{ärende.nummer}}", "--staff", "it@byran.example")
	if err != nil || !strings.HasPrefix(out, "sparad: ") {
		t.Fatalf("templates save: %v\n%s", err, out)
	}
	out, err = s.run(t, runMail, "templates", "show", "Bekräftelse av uppdrag", "--staff", "it@byran.example")
	if want := "Namn: Bekräftelse av uppdrag\nÄmne: Ärende {{ärende.nummer}}\n\n" + text; err != nil || out != want {
		t.Fatalf("templates show: %v\n%q, want\n%q", err, out, want)
	}

	before = events()
	_, err = s.run(t, runMail, "letter", "send", "--matter", m.Number, "--template", "Bekräftelse av uppdrag", "--to", "client",
		"--staff", "annan@byran.example")
	oneLine("a lawyer not on the matter", err)
	_, unknown := s.run(t, runMail, "letter", "send", "--matter", "2099-9999", "--template", "Bekräftelse av uppdrag", "--to", "client",
		"--staff", "annan@byran.example")
	if err.Error() != unknown.Error() {
		t.Errorf("a matter one may not see answers %q, a number no matter has %q: they must be the same", err, unknown)
	}
	if events() != before {
		t.Fatalf("refused letters wrote %d events", events()-before)
	}
	out, err = s.run(t, runMail, "letter", "send", "--matter", m.Number, "--template", "Bekräftelse av uppdrag", "--to", "client",
		"--staff", "advokat@byran.example")
	if err != nil || !strings.Contains(out, "köat som e-post") || strings.Contains(out, "Öberg") {
		t.Fatalf("letter send: %v\n%s", err, out)
	}
	pit := mailtest.Start(t, 0)
	if out, err := s.run(t, runMail, "send", "--smtp-url", pit.SMTPURL(), "--mail-from", "Byrån <info@byran.example>"); err != nil {
		t.Fatalf("send: %v\n%s", err, out)
	}
	pit.WaitCount(1, 10*time.Second)
	sent := pit.Messages()[0]
	if sent.Subject != "Ärende "+m.Number || len(sent.To) != 1 || sent.To[0].Address != "asa@exempel.se" ||
		!strings.Contains(pit.Message(sent.ID).Text, "Hej Åsa Öberg") {
		t.Errorf("the letter in mailpit: %+v %q", sent, pit.Message(sent.ID).Text)
	}
	printed := filepath.Join(dir, "brev.html")
	out, err = s.run(t, runMail, "letter", "send", "--matter", m.Number, "--template", "Bekräftelse av uppdrag", "--to", "client",
		"--print", printed, "--staff", "advokat@byran.example")
	page, _ := os.ReadFile(printed)
	if err != nil || !strings.Contains(out, printed) || !strings.Contains(string(page), "Ärende "+m.Number) {
		t.Fatalf("letter send --print: %v\n%s\n%s", err, out, page)
	}

	f, err := a.mailFiler()
	check(t, err)
	sender, err := f.SenderOf(ctx, lawyer.ID, lawyer.Roles)
	check(t, err)
	for _, subject := range []string{"Avtalsutkast", "Nyhetsbrev"} {
		raw := "From: Åsa Öberg <asa@exempel.se>\r\nTo: arende@byran.example\r\nSubject: " + subject +
			"\r\nMessage-ID: <" + subject + "@exempel.se>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHej, här kommer det.\r\n"
		res, err := f.File(ctx, sender, []string{"arende@byran.example"}, []byte(raw))
		check(t, err)
		if res.HeldID == "" {
			t.Fatalf("a message without a matter number was filed: %+v", res)
		}
	}
	out, err = s.run(t, runMail, "held", "list", "--staff", "advokat@byran.example")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if err != nil || len(lines) != 2 || !strings.Contains(out, "Adressen och ämnesraden nämner inget ärendenummer.") {
		t.Fatalf("held list: %v\n%s", err, out)
	}
	ids := map[string]string{}
	for _, l := range lines {
		ids[l[strings.LastIndex(l, " ")+1:]] = strings.Fields(l)[0]
	}
	if out, _ := s.run(t, runMail, "held", "list", "--staff", "annan@byran.example"); strings.TrimSpace(out) != "Ingen e-post väntar på dig." {
		t.Errorf("another lawyer's queue: %q", out)
	}
	before = events()
	_, err = s.run(t, runMail, "held", "file", ids["Avtalsutkast"], "--matter", m.Number, "--staff", "annan@byran.example")
	oneLine("filing another member's held mail", err, "Meddelandet finns inte i din kö.")
	_, err = s.run(t, runMail, "held", "file", ids["Avtalsutkast"], "--matter", "2099-9999", "--staff", "advokat@byran.example")
	oneLine("filing under a number no matter has", err, "Inget ärende som du arbetar med har det numret.")
	_, err = s.run(t, runMail, "held", "discard", ids["Nyhetsbrev"], "--staff", "advokat@byran.example")
	oneLine("a discard without --yes", err, "--yes", "Nyhetsbrev")
	t.Setenv("KLIENT_LANG", "en")
	_, err = s.run(t, runMail, "held", "file", ids["Avtalsutkast"], "--matter", "2099-9999", "--staff", "advokat@byran.example")
	oneLine("the refusal in English", err, "No matter you work on has that number.")
	t.Setenv("KLIENT_LANG", "")
	if events() != before {
		t.Fatalf("refused held-mail commands wrote %d events", events()-before)
	}
	out, err = s.run(t, runMail, "held", "file", ids["Avtalsutkast"], "--matter", m.Number, "--staff", "advokat@byran.example")
	if err != nil || !strings.Contains(out, "E-postmeddelandet är arkiverat i ärendet.") {
		t.Fatalf("held file: %v\n%s", err, out)
	}
	out, err = s.run(t, runMail, "held", "discard", ids["Nyhetsbrev"], "--yes", "--staff", "advokat@byran.example")
	if err != nil || !strings.Contains(out, "E-postmeddelandet är kastat.") {
		t.Fatalf("held discard: %v\n%s", err, out)
	}
	if out, _ := s.run(t, runMail, "held", "list", "--staff", "advokat@byran.example"); strings.TrimSpace(out) != "Ingen e-post väntar på dig." {
		t.Errorf("the queue after filing and discarding: %q", out)
	}

	_, err = s.run(t, runMail, "campaigns", "list", "--staff", "advokat@byran.example")
	oneLine("a lawyer listing campaigns", err, "behörighet")
	if out, err := s.run(t, runMail, "campaigns", "list", "--staff", "marknad@byran.example"); err != nil || strings.TrimSpace(out) != "" {
		t.Errorf("campaigns list with none sent: %v %q", err, out)
	}
	log, err := communicationcmd.NewCommunications(a.store, a.codec, now)
	check(t, err)
	campaigns, err := communicationcmd.NewSendCampaignHandler(log)
	check(t, err)
	queued, err := campaigns.Handle(ctx, communicationcmd.SendCampaign{Actor: journal.Actor{ID: lawyer.ID}, Name: "Frukostseminarium",
		Purpose: "nyhetsbrev", Subject: "Inbjudan", Body: "Välkommen.", Footer: "Avsluta utskicken:",
		Recipients: []communication.CampaignRecipient{{ContactID: client.ContactID, Mail: communication.Mail{To: "asa@exempel.se",
			ToName: "Åsa Öberg", Unsubscribe: "https://klient.byran.example/consent/withdraw/x"}}}})
	check(t, err)
	settle(t, a, queued.Position)
	out, err = s.run(t, runMail, "campaigns", "report", queued.CampaignID, "--staff", "marknad@byran.example")
	if err != nil || !strings.Contains(out, "Frukostseminarium") || !strings.Contains(out, "i kö 1") || strings.Contains(out, "asa@") {
		t.Errorf("campaigns report: %v\n%s", err, out)
	}
	out, err = s.run(t, runMail, "campaigns", "list", "--staff", "marknad@byran.example")
	if err != nil || !strings.HasPrefix(out, queued.CampaignID) {
		t.Errorf("campaigns list: %v\n%s", err, out)
	}

	// campaigns send and cancel: through the campaign API as the member.
	julText := filepath.Join(t.TempDir(), "julbrev.txt")
	check(t, os.WriteFile(julText, []byte("Hej!\n\nGod jul önskar byrån."), 0o600))
	send := []string{"campaigns", "send", "--name", "Julbrev", "--purpose", "marketing", "--subject", "God jul", "--file", julText,
		"--staff", "marknad@byran.example"}
	before = events()
	_, err = s.run(t, runMail, send...)
	oneLine("a campaign without the public address", err, "KLIENT_PUBLIC_URL")
	send = append(send, "--public-url", "https://klient.byran.example")
	_, err = s.run(t, runMail, send...)
	oneLine("a campaign nobody has consented to", err, "Ingen kontakt har ett gällande samtycke")
	_, err = s.run(t, runMail, append(send, "--at", "2020-01-01 09:00")...)
	oneLine("a time that has passed", err, "Tidpunkten för utskicket har redan passerat")
	_, err = s.run(t, runMail, "campaigns", "send", "--name", "Julbrev", "--purpose", "marketing", "--subject", "God jul", "--file", julText,
		"--at", "2099-12-24 09:00", "--public-url", "https://klient.byran.example", "--staff", "advokat@byran.example")
	oneLine("a lawyer scheduling a campaign", err, "behörighet")
	if events() != before {
		t.Fatalf("refused campaigns wrote %d events", events()-before)
	}
	out, err = s.run(t, runMail, append(send, "--at", "2099-12-24 09:00")...)
	if err != nil || !strings.Contains(out, "är schemalagd till 2099-12-24 09:00") {
		t.Fatalf("campaigns send --at: %v\n%s", err, out)
	}
	id := strings.Fields(out)[1]
	out, err = s.run(t, runMail, "campaigns", "cancel", id, "--staff", "marknad@byran.example")
	if err != nil || !strings.Contains(out, "är inställd och skickas inte") {
		t.Fatalf("campaigns cancel: %v\n%s", err, out)
	}
	_, err = s.run(t, runMail, "campaigns", "cancel", queued.CampaignID, "--staff", "marknad@byran.example")
	oneLine("cancelling a sent campaign", err, "Kampanjen har redan skickats och kan inte ställas in.")
}
