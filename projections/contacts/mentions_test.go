package contacts

import (
	"slices"
	"testing"

	"github.com/klient-crm/klient/domain/contact"
)

// The marks find a person as staff write them in a note: the name without
// its Swedish letters, the personnummer's ten digits with a hyphen, the
// phone number in national form with spaces, the e-mail in capitals, the
// name in the genitive; and not a word that merely contains the family
// name.
func TestMarksFindAPersonInFreeText(t *testing.T) {
	m := MarksOf(Contact{Kind: KindPerson, GivenName: "Åsa", FamilyName: "Öberg", Personnummer: "19800101-1234",
		Emails: []contact.Email{{Address: "asa.oberg@example.se"}}, Phones: []contact.Phone{{Number: "+46701234567"}}})
	for text, want := range map[string][]string{
		"Samtal med Asa Oberg om avtalet":              {MarkName},
		"Motparten (Öberg) ringde":                     {MarkName},
		"Ringde om Åsa Öbergs bouppteckning":           {MarkName}, // the genitive
		"Öbergska gården ska värderas":                 nil,
		"Pnr 800101-1234 enligt intyget":               {MarkNumber},
		"Nås på 070-123 45 67 efter kl. 14":            {MarkPhone},
		"Svar till ASA.OBERG@EXAMPLE.SE":               {MarkName, MarkEmail}, // the address spells the name
		"Ringde 08-123 45 67, bad om 800101-12 senare": nil,
	} {
		if got := m.In(text); !slices.Equal(got, want) {
			t.Errorf("In(%q) = %v; want %v", text, got, want)
		}
	}
	if !MarksOf(Contact{Kind: KindPerson, Erased: true}).Empty() {
		t.Error("an erased contact's marks find something")
	}
}

// The proposal a redaction starts from is the text with each mark
// replaced: names by "[raderad person]", numbers and addresses by
// "[raderad uppgift]", the rest of the text as written.
func TestRedactReplacesWhatNamedThePerson(t *testing.T) {
	m := MarksOf(Contact{Kind: KindPerson, GivenName: "Zoltrix", FamilyName: "Kvarnbäckström",
		Emails: []contact.Email{{Address: "zoltrix@example.se"}}, Phones: []contact.Phone{{Number: "+46705551234"}}})
	for text, want := range map[string]string{
		"Zoltrix Kvarnbackstrom ringde från 070-555 12 34 och kan vittna.": "[raderad person] ringde från [raderad uppgift] och kan vittna.",
		"Kontakta Kvarnbäckström (zoltrix@example.se)":                     "Kontakta [raderad person] ([raderad uppgift])",
		"Åsa ringde": "Åsa ringde",
	} {
		if got := Redact(text, m.Spans(text)); got != want {
			t.Errorf("Redact(%q) = %q; want %q", text, got, want)
		}
	}
}

// BenchmarkMarksSpans is an erasure's search for mentions per text: the
// 100k demo firm's communications hold about 140 characters each
// (docs/performance.md multiplies it by their number).
func BenchmarkMarksSpans(b *testing.B) {
	m := MarksOf(Contact{Kind: KindPerson, GivenName: "Zoltrix", FamilyName: "Kvarnbäckström", Personnummer: "19800101-1234",
		Emails: []contact.Email{{Address: "zoltrix@example.se"}}, Phones: []contact.Phone{{Number: "+46705551234"}}})
	text := "Samtal med motpartens ombud om förlikning\nOmbudet ringde från 08-123 45 67 och föreslog att parterna möts " +
		"i början av nästa vecka för att gå igenom Åsa Öbergs beräkning."
	for b.Loop() {
		_ = m.Spans(text)
	}
}
