package mailer

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	communicationcmd "github.com/klient-crm/klient/commands/communication"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/internal/apptest"
	"github.com/klient-crm/klient/internal/mailtest"
	"github.com/klient-crm/klient/projections/outbox"
)

var staffActor = journal.Actor{ID: "staff-1"}

// A campaign's audience is the contacts with an active consent for its
// purpose and an address, never one who withdrew, objected, is
// restricted, has a protected identity or consented to something else;
// each e-mail that arrives carries one-click unsubscribe (RFC 8058) and
// no other link, and the report counts them by state.
func TestCampaignGoesOnlyToConsentingContacts(t *testing.T) {
	app := apptest.New(t, apptest.PollInterval(10*time.Millisecond))
	apptest.Live(t, app.Runtime)
	ctx := context.Background()
	give, err := gdprcmd.NewGiveConsentHandler(app.Subjects)
	apptest.Must(t, err)
	person := func(given string, protected bool, email bool) string {
		d := contact.PersonDetails{GivenName: given, FamilyName: "Kampanjsson", ProtectedIdentity: protected}
		if email {
			d.Emails = []contact.Email{{Address: fmt.Sprintf("%s@example.se", given)}}
		}
		return apptest.Person(t, app.Contacts, d).ContactID
	}
	consent := func(id, purpose string) gdprcmd.SubjectResult {
		res, err := give.Handle(ctx, gdprcmd.GiveConsent{Actor: staffActor, SubjectID: id, Purpose: purpose,
			Scope: "Nyhetsbrev och seminarier", How: gdpr.ConsentByForm, Where: "webbformuläret"})
		apptest.Must(t, err)
		return res
	}
	anna, bo, cia, dan, eva, fia, gun := person("anna", false, true), person("bo", false, true), person("cia", false, true),
		person("dan", true, true), person("eva", false, true), person("fia", false, false), person("gun", false, true)
	for _, id := range []string{anna, cia, dan, eva, fia} {
		consent(id, gdpr.PurposeMarketing)
	}
	consent(gun, "client_relationship")
	withdrawn := consent(bo, gdpr.PurposeMarketing)
	withdraw, err := gdprcmd.NewWithdrawConsentHandler(app.Subjects)
	apptest.Must(t, err)
	_, err = withdraw.Handle(ctx, gdprcmd.WithdrawConsent{Actor: staffActor, SubjectID: bo, ConsentID: withdrawn.RecordID})
	apptest.Must(t, err)
	object, err := gdprcmd.NewRecordObjectionHandler(app.Subjects)
	apptest.Must(t, err)
	_, err = object.Handle(ctx, gdprcmd.RecordObjection{Actor: staffActor, SubjectID: cia, To: gdpr.ObjectToDirectMarketing})
	apptest.Must(t, err)
	restrict, err := gdprcmd.NewApplyRestrictionHandler(app.Subjects)
	apptest.Must(t, err)
	last, err := restrict.Handle(ctx, gdprcmd.ApplyRestriction{Actor: staffActor, SubjectID: eva, Reason: "Bestrider uppgifternas riktighet"})
	apptest.Must(t, err)
	apptest.Settle(t, app.Runtime, last.Position)

	audience, err := outbox.Audience(ctx, app.Pool, gdpr.PurposeMarketing, time.Time{}, 0)
	apptest.Must(t, err)
	if len(audience) != 1 || audience[0].ContactID != anna || audience[0].Email != "anna@example.se" {
		t.Fatalf("audience = %+v, want only anna", audience)
	}

	log, err := communicationcmd.NewCommunications(app.Store, app.Codec, apptest.Now)
	apptest.Must(t, err)
	send, err := communicationcmd.NewSendCampaignHandler(log)
	apptest.Must(t, err)
	res, err := send.Handle(ctx, communicationcmd.SendCampaign{Actor: staffActor, Name: "Höstseminarium", Purpose: gdpr.PurposeMarketing,
		Subject: "Välkommen till höstens seminarium", Body: "Hej!\n\nVi bjuder in till seminarium om arvsrätt.",
		Footer: "Vill du inte få fler utskick? Återkalla ditt samtycke här:", Recipients: recipientsOf(audience)})
	apptest.Must(t, err)
	apptest.Settle(t, app.Runtime, res.Position)

	pit := mailtest.Start(t, 0)
	w := &world{t: t, app: app}
	_, err = w.sender(pit.SMTPURL(), nil).SendDue(ctx)
	apptest.Must(t, err)
	msgs := pit.Messages()
	if len(msgs) != 1 {
		t.Fatalf("mailpit holds %d messages, want 1", len(msgs))
	}
	h := pit.Headers(msgs[0].ID)
	if !slices.Equal(h["List-Unsubscribe"], []string{"<https://klient.example/consent/withdraw/" + audience[0].ConsentID + ">"}) ||
		!slices.Equal(h["List-Unsubscribe-Post"], []string{"List-Unsubscribe=One-Click"}) || !slices.Equal(h["Precedence"], []string{"bulk"}) {
		t.Errorf("headers: %v", h)
	}
	if m := pit.Message(msgs[0].ID); m.HTML != "" || m.To[0].Address != "anna@example.se" {
		t.Errorf("message: %+v (HTML %q)", m.Summary, m.HTML)
	}
	counts, err := outbox.NewDeliveries(app.Pool).CountsOf(ctx, res.CampaignID)
	apptest.Must(t, err)
	if counts[outbox.StatusSent] != 1 || len(counts) != 1 {
		t.Errorf("report = %v", counts)
	}
}

// recipientsOf addresses each member with a link naming their consent
// (the real link is signed by the web edge; the test's only has to
// arrive).
func recipientsOf(audience []outbox.AudienceMember) []communication.CampaignRecipient {
	out := make([]communication.CampaignRecipient, len(audience))
	for i, m := range audience {
		out[i] = communication.CampaignRecipient{ContactID: m.ContactID, Mail: communication.Mail{To: m.Email, ToName: m.Name,
			Unsubscribe: "https://klient.example/consent/withdraw/" + m.ConsentID}}
	}
	return out
}

// A campaign's text is stored once, in its record, not in each
// recipient's e-mail (issue 15): the event store holds the text's words
// in exactly one event, no recipient's request is even as long as the
// text, and still every recipient gets the whole text in mailpit, ending
// with their own withdrawal link and no one else's.
func TestCampaignTextIsStoredOnce(t *testing.T) {
	const n = 25
	app := apptest.New(t, apptest.OnlyProjectors("outbox"), apptest.PollInterval(10*time.Millisecond))
	ctx := context.Background()
	recipients := make([]communication.CampaignRecipient, n)
	for i := range recipients {
		id := uuid.NewString()
		_, err := app.Keys.Seal(ctx, id, []byte("nyckel"), nil) // the person's key, as the register made it
		apptest.Must(t, err)
		recipients[i] = communication.CampaignRecipient{ContactID: id, Mail: communication.Mail{
			To: fmt.Sprintf("mottagare%02d@example.se", i), ToName: fmt.Sprintf("Mottagare %d", i),
			Unsubscribe: "https://klient.example/consent/withdraw/" + id}}
	}
	marker := "Vårseminarium " + uuid.NewString()
	body := "Hej!\n\n" + marker + ": välkommen till en eftermiddag om arvsrätt och bodelning.\n" +
		strings.Repeat("Vi går igenom testamenten, förmånstagarförordnanden och äktenskapsförord. ", 40) + "\n\nAdvokatbyrån"
	const subject, footer = "Inbjudan till vårseminariet", "Vill du inte få fler utskick? Återkalla ditt samtycke här:"

	log, err := communicationcmd.NewCommunications(app.Store, app.Codec, apptest.Now)
	apptest.Must(t, err)
	send, err := communicationcmd.NewSendCampaignHandler(log)
	apptest.Must(t, err)
	res, err := send.Handle(ctx, communicationcmd.SendCampaign{Actor: staffActor, Name: "Vårseminarium", Purpose: "marketing",
		Subject: subject, Body: body, Footer: footer, Recipients: recipients})
	apptest.Must(t, err)
	apptest.Project(t, app.Runtime, res.Position)

	var holding int
	apptest.Must(t, app.Pool.QueryRow(ctx, `SELECT count(*) FROM events WHERE position(convert_to($1, 'UTF8') IN data) > 0`,
		marker).Scan(&holding))
	if holding != 1 {
		t.Errorf("%d events hold the campaign's text, want 1 (its record)", holding)
	}
	var requests, longest int
	apptest.Must(t, app.Pool.QueryRow(ctx, `SELECT count(*), coalesce(max(length(data)), 0) FROM events WHERE stream = $1 AND type = $2`,
		communication.CampaignStreamName(res.CampaignID), communication.TypeMailRequested).Scan(&requests, &longest))
	if requests != n || longest >= len(body) {
		t.Errorf("%d requests, the longest %d bytes; want %d, each shorter than the %d-byte text", requests, longest, n, len(body))
	}

	pit := mailtest.Start(t, 0)
	w := &world{t: t, app: app}
	_, err = w.sender(pit.SMTPURL(), nil).SendDue(ctx)
	apptest.Must(t, err)
	msgs := pit.Messages()
	if len(msgs) != n {
		t.Fatalf("mailpit holds %d messages, want %d", len(msgs), n)
	}
	byAddress := map[string]communication.CampaignRecipient{}
	for _, r := range recipients {
		byAddress[r.Mail.To] = r
	}
	for _, s := range msgs {
		m := pit.Message(s.ID)
		r, ok := byAddress[m.To[0].Address]
		delete(byAddress, m.To[0].Address)
		text := strings.ReplaceAll(m.Text, "\r\n", "\n")
		if !ok || m.Subject != subject || m.To[0].Name != r.Mail.ToName || !strings.HasPrefix(text, body+"\n\n-- \n"+footer+"\n") ||
			strings.TrimSpace(text[len(body)+len("\n\n-- \n"+footer+"\n"):]) != r.Mail.Unsubscribe {
			t.Errorf("message to %v: subject %q, text ends %q", m.To, m.Subject, text[max(0, len(text)-160):])
		}
	}
	if len(byAddress) != 0 {
		t.Errorf("%d recipients got nothing", len(byAddress))
	}
}
