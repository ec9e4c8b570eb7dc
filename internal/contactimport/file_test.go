package contactimport

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/klient-crm/klient/domain"
)

// excelCSV is a contact list as a Swedish Excel saves "CSV
// (semikolonavgränsad)": semicolons, CRLF, Windows-1252 (å ä ö as single
// bytes), a quoted cell holding a semicolon.
func excelCSV(t testing.TB, rows ...string) []byte {
	t.Helper()
	text := "Förnamn;Efternamn;Personnummer;E-post;Mobil;Adress;Postnummer;Ort\r\n" + strings.Join(rows, "\r\n") + "\r\n"
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// outlookCSV is Outlook's "Kommaavgränsade värden" export in English
// column names, UTF-8 with a byte-order mark.
const outlookCSV = "\xEF\xBB\xBF" + `"First Name","Middle Name","Last Name","Company","E-mail Address","Business Phone","Business Street","Business City","Business Postal Code"` + "\r\n" +
	`"Örjan","","Åkesson","","orjan@example.se","08-123 456 78","Storgatan 1","Malmö","211 22"` + "\r\n" +
	`"","","","Berg & Co AB","info@bergco.se","","","",""` + "\r\n"

// appleVCard is what Apple Contacts exports (vCard 3.0, item-grouped
// e-mail, a type list).
const appleVCard = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//macOS 14.0//EN\r\nN:Lindqvist;Åsa;;;\r\nFN:Åsa Lindqvist\r\n" +
	"item1.EMAIL;type=INTERNET;type=pref:asa.lindqvist@example.se\r\nTEL;type=CELL;type=VOICE;type=pref:+46 70 123 45 67\r\n" +
	"ADR;type=HOME;type=pref:;;Sveavägen 10;Stockholm;;113 50;Sverige\r\nEND:VCARD\r\n"

// thunderbirdVCard is Thunderbird's vCard 4.0: an organisation's card with
// KIND:org and a tel: URI.
const thunderbirdVCard = "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nFN:Nordlund Juridik AB\r\nORG:Nordlund Juridik AB;Tvist\r\n" +
	"EMAIL;PREF=1:kontor@nordlund.se\r\nTEL;VALUE=uri;TYPE=work:tel:+46-31-700-12-34\r\nEND:VCARD\r\n" +
	"BEGIN:VCARD\r\nVERSION:4.0\r\nN:Ek;Per;;;\r\nFN:Per Ek\r\nEMAIL:per.ek@example.se\r\nEND:VCARD\r\n"

func TestExcelCSVInWindows1252(t *testing.T) {
	t.Parallel()
	data := excelCSV(t, "Åsa;Öberg;19811218-9876;asa@example.se;070-123 45 67;\"Kungsgatan 2; 3 tr\";111 43;Stockholm",
		"Per;Ek;;per@example.se;;;;")
	tab, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Format != FormatCSV || tab.Encoding != "Windows-1252" || len(tab.Rows) != 2 {
		t.Fatalf("read %s %s, %d rows", tab.Format, tab.Encoding, len(tab.Rows))
	}
	want := Mapping{FieldGivenName, FieldFamilyName, FieldPersonnummer, FieldEmail, FieldPhone, FieldStreet, FieldPostalCode, FieldCity}
	if !slices.Equal(tab.Guess, want) {
		t.Fatalf("mapping %v, want %v", tab.Guess, want)
	}
	recs, err := Records(tab, tab.Guess, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p := recs[0].Person
	if p == nil || p.GivenName != "Åsa" || p.FamilyName != "Öberg" || p.Personnummer != "19811218-9876" ||
		p.Phones[0].Number != "+46701234567" || p.Addresses[0].Street != "Kungsgatan 2; 3 tr" || p.Addresses[0].Country != "SE" {
		t.Fatalf("first row: %+v", recs[0])
	}
	if recs[0].Line != 2 || recs[1].Line != 3 {
		t.Errorf("lines %d, %d; want 2, 3", recs[0].Line, recs[1].Line)
	}
}

func TestOutlookCSVWithBOM(t *testing.T) {
	t.Parallel()
	tab, err := Read([]byte(outlookCSV))
	if err != nil {
		t.Fatal(err)
	}
	if tab.Encoding != "UTF-8 med BOM" || tab.Header[0] != "First Name" {
		t.Fatalf("encoding %q, header %q", tab.Encoding, tab.Header)
	}
	recs, err := Records(tab, tab.Guess, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if p := recs[0].Person; p == nil || p.GivenName != "Örjan" || p.FamilyName != "Åkesson" || p.Addresses[0].City != "Malmö" {
		t.Fatalf("person row: %+v", recs[0])
	}
	if o := recs[1].Organisation; o == nil || o.Name != "Berg & Co AB" || o.Emails[0].Address != "info@bergco.se" {
		t.Fatalf("company row: %+v", recs[1])
	}
}

func TestVCardsFromTwoPrograms(t *testing.T) {
	t.Parallel()
	tab, err := Read([]byte(appleVCard + thunderbirdVCard))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := Records(tab, tab.Guess, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3", len(recs))
	}
	asa := recs[0].Person
	if asa == nil || asa.GivenName != "Åsa" || asa.FamilyName != "Lindqvist" || asa.Emails[0].Address != "asa.lindqvist@example.se" ||
		asa.Phones[0].Number != "+46701234567" || asa.Addresses[0].PostalCode != "113 50" || asa.Addresses[0].Country != "SE" {
		t.Fatalf("Apple card: %+v", recs[0])
	}
	org := recs[1].Organisation
	if org == nil || org.Name != "Nordlund Juridik AB" || org.Phones[0].Number != "+46317001234" {
		t.Fatalf("Thunderbird organisation: %+v %v", recs[1], recs[1].Problems)
	}
	if per := recs[2].Person; per == nil || per.GivenName != "Per" || per.FamilyName != "Ek" {
		t.Fatalf("Thunderbird person: %+v", recs[2])
	}
}

func TestRowProblemsByTheDomainsCodes(t *testing.T) {
	t.Parallel()
	data := excelCSV(t, "Åsa;Öberg;19811218-9875;asa@;070-12;;;")
	tab, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := Records(tab, tab.Guess, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, p := range recs[0].Problems {
		codes = append(codes, p.Code)
	}
	slices.Sort(codes)
	want := []string{"contact.email.format", "contact.personnummer.checksum", "contact.phone.length"}
	if !slices.Equal(codes, want) || recs[0].Valid() {
		t.Fatalf("problems %v, want %v", codes, want)
	}
}

func TestFilesThatAreNotContactLists(t *testing.T) {
	t.Parallel()
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	for name, tc := range map[string]struct {
		data []byte
		code string
	}{
		"picture":      {png, "import.file.not_text"},
		"empty":        {[]byte("  \r\n"), "import.file.empty"},
		"header only":  {[]byte("Förnamn;Efternamn\r\n"), "import.file.empty"},
		"plain prose":  {[]byte("Hej!\nDet här är ett brev.\n"), "import.file.not_csv"},
		"broken vcard": {[]byte("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\n"), "import.file.not_vcard"},
		"utf-16 odd":   {[]byte{0xFF, 0xFE, 0x41}, "import.file.encoding"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := Read(tc.data)
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != tc.code || de.Kind != domain.KindInvalid {
				t.Fatalf("Read: %v, want %s", err, tc.code)
			}
		})
	}
}

func TestMappingMustNameAName(t *testing.T) {
	t.Parallel()
	tab, err := Read([]byte(outlookCSV))
	if err != nil {
		t.Fatal(err)
	}
	m := make(Mapping, len(tab.Header))
	m[4] = FieldEmail
	var de *domain.Error
	if _, err := Records(tab, m, time.Now()); !errors.As(err, &de) || de.Code != "import.mapping.no_name" {
		t.Fatalf("no name mapped: %v", err)
	}
	if _, err := Records(tab, m[:3], time.Now()); !errors.As(err, &de) || de.Code != "import.mapping.columns" {
		t.Fatalf("short mapping: %v", err)
	}
}
