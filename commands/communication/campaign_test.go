package communication_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/domain/communication"
)

// A campaign cut off after its first e-mail is resent with the audience
// drawn again, in another order and with one more person: the resend
// queues the e-mail of each recipient not yet in the stream — by
// recipient, not by position — so nobody gets two and nobody is left out.
func TestCampaignResendGoesOnByRecipient(t *testing.T) {
	w := newLogWorld(t)
	h, err := commcmd.NewSendCampaignHandler(w.Log)
	must(t, err)
	recipient := func(given string) communication.CampaignRecipient {
		id := w.Person(given)
		return communication.CampaignRecipient{ContactID: id, Mail: communication.Mail{To: given + "@exempel.se",
			Unsubscribe: "https://klient.example/samtycke/" + id}}
	}
	anna, bo, cia := recipient("anna"), recipient("bo"), recipient("cia")
	cmd := commcmd.SendCampaign{Actor: staff, CampaignID: uuid.NewString(), Name: "Frukostseminarium", Purpose: "nyhetsbrev",
		Subject: "Inbjudan", Body: "Välkommen på frukostseminarium.", Footer: "Avsluta utskicken:"}

	first := cmd
	first.Recipients = []communication.CampaignRecipient{anna}
	_, err = h.Handle(context.Background(), first)
	must(t, err)
	again := cmd
	again.Recipients = []communication.CampaignRecipient{bo, anna, cia}
	_, err = h.Handle(context.Background(), again)
	must(t, err)
	_, err = h.Handle(context.Background(), again) // and once more: nothing new
	must(t, err)

	var got []string
	for _, env := range streamOf(t, w, communication.CampaignStreamName(cmd.CampaignID)) {
		d, err := w.Codec.Decode(context.Background(), env)
		must(t, err)
		if r, ok := d.Event.(communication.MailRequested); ok {
			got = append(got, r.Recipient)
		}
	}
	want := []string{anna.ContactID, bo.ContactID, cia.ContactID}
	if !slices.Equal(got, want) {
		t.Errorf("the campaign's e-mails went to %v, want each of %v once", got, want)
	}
}
