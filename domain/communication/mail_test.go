package communication

import (
	"encoding/json"
	"testing"
)

// A mail request keeps its address and its text as two sealed fields
// (docs/gdpr.md, "E-mail"): a reminder's text is sealed with the
// recipient's key, like its address; a resend of the same request, in
// either version of the event, writes nothing.
func TestMailRequestSealsItsTextApart(t *testing.T) {
	m := Mail{To: "asa@example.se", ToName: "Åsa Öberg", Subject: "Påminnelse", Body: "Fristen är i morgon."}
	var o Outgoing
	events, err := o.Request(MailRequested{MailID: entryID, Recipient: contactA, Purpose: PurposeReminder, Mail: m}, now)
	if err != nil || len(events) != 1 {
		t.Fatalf("Request = %v, %v", events, err)
	}
	r := events[0].(MailRequested)
	if r.TextSubject != contactA || r.Mail.Subject != "" || r.Mail.Body != "" || r.Whole() != m {
		t.Errorf("request = %+v", r)
	}
	o.Apply(r, false)
	if again, err := o.Request(MailRequested{MailID: entryID, Recipient: contactA, Purpose: PurposeReminder, Mail: m}, now); err != nil || len(again) != 0 {
		t.Errorf("a resend = %v, %v", again, err)
	}

	// Version 1 held everything in mail, sealed with the recipient's key.
	v1 := `{"mail_id":"` + entryID + `","recipient":"` + contactA + `","purpose":"reminder","requested_at":"2026-03-15T09:30:00Z",
		"mail":{"to":"asa@example.se","to_name":"Åsa Öberg","subject":"Påminnelse","body":"Fristen är i morgon."}}`
	var lift []byte
	for _, u := range Upcasts() {
		if u.EventType == TypeMailRequested && u.From == 1 {
			if lift, err = u.Lift([]byte(v1)); err != nil {
				t.Fatal(err)
			}
		}
	}
	var old MailRequested
	if err := json.Unmarshal(lift, &old); err != nil {
		t.Fatalf("version 1 lifted: %s: %v", lift, err)
	}
	if old.TextSubject != contactA || old.Whole() != m {
		t.Errorf("version 1 reads as %+v", old)
	}
	var o1 Outgoing
	o1.Apply(old, false)
	if again, err := o1.Request(MailRequested{MailID: entryID, Recipient: contactA, Purpose: PurposeReminder, Mail: m}, now); err != nil || len(again) != 0 {
		t.Errorf("a resend of a version 1 request = %v, %v", again, err)
	}
}
