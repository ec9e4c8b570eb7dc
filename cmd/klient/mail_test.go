package main

import (
	"context"
	"strings"
	"testing"

	communicationcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/internal/mailtest"
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
