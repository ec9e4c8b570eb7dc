package communication

import (
	"errors"
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
)

// A campaign that reaches existing clients under legitimate interest ends
// their e-mails with an opt-out line (ObjectionFooter). Scheduling checks
// the text as sending will check it: without that line the schedule is
// refused now, not cancelled in silence when it falls due.
func TestScheduleRefusesWhatSendingWouldRefuse(t *testing.T) {
	s := CampaignScheduled{CampaignID: "c1", Name: "Nyhetsbrev", Purpose: "nyhetsbrev", Subject: "Nytt om arbetsrätt",
		Body: "Hej!", Footer: "Vill du inte ha fler utskick?", ExistingClients: true, ScheduledBy: staffID,
		PublicURL: "https://byran.example", SendAt: now.Add(24 * time.Hour)}
	_, err := ScheduleCampaign(s, now)
	var de *domain.Error
	found := false
	for _, e := range flatten(err) {
		if errors.As(e, &de) && de.Field == "objection_footer" && de.Code == "campaign.footer.invalid" {
			found = true
		}
	}
	if !found {
		t.Fatalf("scheduled for existing clients without an opt-out line: %v; want objection_footer campaign.footer.invalid", err)
	}
	s.ObjectionFooter = "Vill du inte längre få våra utskick?"
	if _, err := ScheduleCampaign(s, now); err != nil {
		t.Fatalf("with the opt-out line: %v", err)
	}
	// Sending is refused the same way: the two checks are one.
	_, err = QueueCampaign("c1", s.Name, s.Purpose, CampaignText{Subject: s.Subject, Body: s.Body, Footer: s.Footer},
		[]CampaignRecipient{{ContactID: contactA, Basis: BasisLegitimateInterest}}, now)
	if err == nil {
		t.Fatal("queued for existing clients without an opt-out line")
	}
}
