package communication_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"github.com/klient-crm/klient/commands/commandtest"
	commcmd "github.com/klient-crm/klient/commands/communication"
	contactcmd "github.com/klient-crm/klient/commands/contact"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

func letterWorld(t *testing.T) (*commandtest.LogWorld, *commcmd.SendLetterHandler) {
	w := newLogWorld(t)
	h, err := commcmd.NewSendLetterHandler(w.Log)
	must(t, err)
	return w, h
}

// A letter by e-mail is one append: the matter's outgoing e-mail entry,
// with the rendered text, and the request to send it, under the entry's
// ID; a resend of the same command writes nothing more.
func TestSendLetterByEmailLogsAndRequestsInOneAppend(t *testing.T) {
	w, send := letterWorld(t)
	matter := w.OpenMatter()
	reg, err := contactcmd.NewRegisterPersonHandler(w.Contacts)
	must(t, err)
	anna, err := reg.Handle(context.Background(), contactcmd.RegisterPerson{Actor: staff,
		Details: contact.PersonDetails{GivenName: "Åsa", FamilyName: "Öberg", Emails: []contact.Email{{Address: "asa@example.se"}}}})
	must(t, err)
	cmd := commcmd.SendLetter{Actor: staff, CommunicationID: uuid.NewString(), MatterID: matter, Recipient: anna.ContactID,
		Channel: commcmd.ChannelEmail, Subject: "Frist i ärende 2026-0042", Body: "Hej Åsa,\nfristen är den 15 december."}
	res, err := send.Handle(context.Background(), cmd)
	must(t, err)
	if got := typesOf(t, w, "communication-"+res.CommunicationID); len(got) != 2 ||
		got[0] != communication.TypeCommunicationLogged || got[1] != communication.TypeMailRequested {
		t.Fatalf("stream = %v", got)
	}
	envs := streamOf(t, w, "communication-"+res.CommunicationID)
	if envs[0].Position.Commit != envs[1].Position.Commit {
		t.Errorf("the entry and the request were two appends: %v, %v", envs[0].Position, envs[1].Position)
	}
	d, err := w.Codec.Decode(context.Background(), envs[1])
	must(t, err)
	req := d.Event.(communication.MailRequested)
	if req.MailID != res.CommunicationID || req.Recipient != anna.ContactID || req.MatterID != matter ||
		req.Whole() != (communication.Mail{To: "asa@example.se", ToName: "Åsa Öberg", Subject: cmd.Subject, Body: cmd.Body}) {
		t.Errorf("request = %+v", req)
	}
	// The text is sealed with the letter's entry key (so that redacting
	// the letter retires it), the address with the recipient's.
	logged, err := w.Codec.Decode(context.Background(), envs[0])
	must(t, err)
	if key := logged.Event.(communication.CommunicationLogged).TextSubject; req.TextSubject != key || req.Mail.Body != "" {
		t.Errorf("the mail's text is sealed for %q (address part %+v); the letter's entry key is %q", req.TextSubject, req.Mail, key)
	}
	if _, err := send.Handle(context.Background(), cmd); err != nil {
		t.Fatal(err)
	}
	if got := typesOf(t, w, "communication-"+res.CommunicationID); len(got) != 2 {
		t.Errorf("a resend wrote more: %v", got)
	}
}

// By post the letter is logged as an outgoing letter and no e-mail is
// asked for; by e-mail to a contact without an address it is refused and
// nothing is written.
func TestSendLetterByPostAndRefusals(t *testing.T) {
	w, send := letterWorld(t)
	matter := w.OpenMatter()
	bo := w.Person("Bo")
	res, err := send.Handle(context.Background(), commcmd.SendLetter{Actor: staff, MatterID: matter, Recipient: bo,
		Channel: commcmd.ChannelPost, Subject: "Ärende 2026-0042", Body: "Hej Bo"})
	must(t, err)
	if got := typesOf(t, w, "communication-"+res.CommunicationID); len(got) != 1 || got[0] != communication.TypeCommunicationLogged {
		t.Errorf("stream = %v", got)
	}
	id := uuid.NewString()
	_, err = send.Handle(context.Background(), commcmd.SendLetter{Actor: staff, CommunicationID: id, MatterID: matter,
		Recipient: bo, Channel: commcmd.ChannelEmail, Subject: "Ärende", Body: "Hej"})
	refusedWith(t, err, domain.KindInvalid, "letter.recipient.no_email")
	if got := typesOf(t, w, "communication-"+id); len(got) != 0 {
		t.Errorf("a refused letter wrote %v", got)
	}
}

// A template is saved only when it parses; a change needs the version it
// was read at; a retired one is gone.
func TestLetterTemplateSaveChangeRetire(t *testing.T) {
	w := newLogWorld(t)
	h, err := commcmd.NewLetterTemplates(w.Log)
	must(t, err)
	ctx := context.Background()
	_, err = h.Save(ctx, commcmd.SaveLetterTemplate{Actor: staff, Text: communication.LetterTemplateText{
		Name: "Fristpåminnelse", Subject: "Frist i {{ärende.nummer}}", Body: "Hej {{klient.namn}}\n{{#om frist.datum}}x"}})
	refusedWith(t, err, domain.KindInvalid, "letter.template.unclosed_block")
	text := communication.LetterTemplateText{Name: "Fristpåminnelse", Subject: "Frist i {{ärende.nummer}}",
		Body: "Hej {{klient.namn}},\n{{#om frist.datum}}Fristen är {{frist.datum}}.{{/om}}"}
	res, err := h.Save(ctx, commcmd.SaveLetterTemplate{Actor: staff, Text: text})
	must(t, err)
	// Another template saved meanwhile is no conflict for this one.
	other, err := h.Save(ctx, commcmd.SaveLetterTemplate{Actor: staff, Text: communication.LetterTemplateText{
		Name: "Statusrapport", Subject: "Status i {{ärende.nummer}}", Body: "Hej {{mottagare.namn}}"}})
	must(t, err)
	text.Name = "Påminnelse om frist"
	stale := res.Revision + 1
	_, err = h.Save(ctx, commcmd.SaveLetterTemplate{Actor: staff, TemplateID: res.TemplateID, ExpectedRevision: &stale, Text: text})
	refusedWith(t, err, domain.KindConflict, "letter.template.changed_meanwhile")
	changed, err := h.Save(ctx, commcmd.SaveLetterTemplate{Actor: staff, TemplateID: res.TemplateID, ExpectedRevision: &res.Revision, Text: text})
	must(t, err)
	ls, _, err := w.Log.LoadLetterTemplates(ctx)
	must(t, err)
	list := ls.List()
	if len(list) != 2 || list[0].Text() != text || changed.Revision != 2 || list[1].ID() != other.TemplateID {
		t.Errorf("templates = %+v, changed at %d", list, changed.Revision)
	}
	_, err = h.Retire(ctx, commcmd.RetireLetterTemplate{Actor: staff, TemplateID: res.TemplateID})
	must(t, err)
	_, err = h.Save(ctx, commcmd.SaveLetterTemplate{Actor: staff, TemplateID: res.TemplateID, ExpectedRevision: new(uint64(3)), Text: text})
	refusedWith(t, err, domain.KindNotFound, "letter.template.not_found")
}

func streamOf(t *testing.T, w *commandtest.LogWorld, name string) []eventstore.Envelope {
	t.Helper()
	envs, err := w.Store.ReadStream(context.Background(), name, 0, 100)
	if errors.Is(err, eventstore.ErrStreamNotFound) {
		return nil
	}
	must(t, err)
	return envs
}

func typesOf(t *testing.T, w *commandtest.LogWorld, name string) []string {
	t.Helper()
	var out []string
	for _, env := range streamOf(t, w, name) {
		out = append(out, env.Type)
	}
	return out
}
