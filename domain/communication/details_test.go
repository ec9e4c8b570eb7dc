package communication

import (
	"strings"
	"testing"
	"time"
)

func TestNormaliseDetails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(*Details)
		code string
	}{
		{"valid", func(*Details) {}, ""},
		{"body only", func(d *Details) { d.SubjectLine = "" }, ""},
		{"no text", func(d *Details) { d.SubjectLine, d.Body = " ", "\n" }, "communication.text.required"},
		{"unknown kind", func(d *Details) { d.Kind = "fax" }, "communication.kind.unknown"},
		{"no date", func(d *Details) { d.OccurredAt = time.Time{} }, "communication.date.required"},
		{"1899", func(d *Details) { d.OccurredAt = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC) }, "communication.date.range"},
		{"six years ahead", func(d *Details) { d.OccurredAt = now.AddDate(6, 0, 0) }, "communication.date.range"},
		{"newline in subject", func(d *Details) { d.SubjectLine = "a\nb" }, "communication.text.control"},
		{"bell in body", func(d *Details) { d.Body = "a\ab" }, "communication.text.control"},
		{"bidi override in body", func(d *Details) { d.Body = "a\u202eb" }, "communication.text.control"},
		{"not UTF-8", func(d *Details) { d.Body = "a\xffb" }, "communication.text.encoding"},
		{"body too long", func(d *Details) { d.Body = strings.Repeat("å", MaxBodyLength+1) }, "communication.text.too_long"},
		{"subject too long", func(d *Details) { d.SubjectLine = strings.Repeat("x", MaxSubjectLineLength+1) }, "communication.text.too_long"},
		{"participant kind", func(d *Details) { d.Participants = []Participant{{"judge", contactA}} }, "communication.participant.kind"},
		{"participant id", func(d *Details) { d.Participants = []Participant{{ParticipantStaff, "a b"}} }, "communication.participant.id"},
	}
	for _, tt := range tests {
		d := call()
		tt.edit(&d)
		_, err := NormaliseDetails(d, now)
		if codeOf(err) != tt.code {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.code)
		}
	}
}

func TestNormaliseDetailsCleans(t *testing.T) {
	t.Parallel()
	d := call()
	stockholm := time.FixedZone("CET", 3600)
	d.OccurredAt = time.Date(2026, 3, 14, 15, 4, 5, 999, stockholm)
	d.SubjectLine, d.Body = "  Ämne  ", "rad 1\r\nrad 2\n\n"
	d.Participants = append(d.Participants, d.Participants[0])
	got, err := NormaliseDetails(d, now)
	if err != nil {
		t.Fatal(err)
	}
	if got.OccurredAt != time.Date(2026, 3, 14, 14, 4, 5, 0, time.UTC) || got.SubjectLine != "Ämne" ||
		got.Body != "rad 1\nrad 2" || len(got.Participants) != 2 {
		t.Fatalf("cleaned %+v", got)
	}
}

func TestNormaliseLinks(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		links Links
		code  string
	}{
		{Links{}, "communication.links.required"},
		{Links{MatterID: "x y"}, "communication.matter.id"},
		{Links{ContactIDs: []string{""}}, "communication.contact.id"},
		{Links{ContactIDs: make([]string, MaxLinkedContacts+1)}, "communication.contacts.too_many"},
	} {
		if _, err := NormaliseLinks(tt.links); codeOf(err) != tt.code {
			t.Errorf("%+v: %v, want %s", tt.links, err, tt.code)
		}
	}
}
