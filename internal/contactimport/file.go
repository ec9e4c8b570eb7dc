package contactimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-vcard"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/klient-crm/klient/domain"
)

// Format is what kind of file was read.
type Format string

// The formats Klient reads.
const (
	FormatCSV   Format = "csv"
	FormatVCard Format = "vcard"
)

// MaxRows is the most rows one file may hold: twice the 100,000 contacts
// the import is measured at, and far below what the upload limit lets in.
const MaxRows = 200_000

// Table is a file read into rows of text: a CSV file's columns as they
// were, or each vCard as the fixed columns of vcardColumns.
type Table struct {
	Format   Format
	Encoding string     // "UTF-8", "UTF-8 med BOM", "UTF-16", "Windows-1252": what was found
	Header   []string   // the columns' names
	Rows     [][]string // each as long as Header
	Lines    []int      // each row's line in the file (vCard: the card's number)
	Guess    Mapping    // the mapping read from the header's names
}

// refused is the error of a file that cannot be imported: the catalogue
// code says why in the reader's language; nothing of the file is in it.
func refused(code, msg string) error {
	return domain.Invalid("file", "%s", msg).WithCode(code)
}

// Read decodes data and parses it as vCard (when it begins with
// BEGIN:VCARD) or as CSV. A file that is not text (NUL bytes, control
// characters), has no rows, or more than MaxRows is refused.
func Read(data []byte) (Table, error) {
	text, enc, err := decodeText(data)
	if err != nil {
		return Table{}, err
	}
	var t Table
	if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(text)), "BEGIN:VCARD") {
		t, err = readVCards(text)
	} else {
		t, err = readCSV(text)
	}
	if err != nil {
		return Table{}, err
	}
	t.Encoding = enc
	if len(t.Rows) == 0 {
		return Table{}, refused("import.file.empty", "the file holds no contacts")
	}
	if len(t.Rows) > MaxRows {
		return Table{}, refused("import.file.too_many_rows", "the file holds more rows than one import takes")
	}
	return t, nil
}

// decodeText turns the file's bytes into text: UTF-8 with or without a
// byte-order mark, UTF-16 with one (what Outlook writes as "Unicode"),
// else Windows-1252 (what Excel writes as "CSV (semikolonavgränsad)" on a
// Swedish Windows), decided by whether the bytes are valid UTF-8.
func decodeText(data []byte) (string, string, error) {
	var text, enc string
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return "", "", refused("import.file.empty", "the file holds no contacts")
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		text, enc = string(data[3:]), "UTF-8 med BOM"
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", "", refused("import.file.encoding", "the file's characters cannot be read")
		}
		text, enc = string(b), "UTF-16"
		if strings.ContainsRune(text, utf8.RuneError) {
			return "", "", refused("import.file.encoding", "the file's characters cannot be read")
		}
	case utf8.Valid(data):
		text, enc = string(data), "UTF-8"
	default:
		b, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return "", "", refused("import.file.encoding", "the file's characters cannot be read")
		}
		text, enc = string(b), "Windows-1252"
	}
	if !utf8.ValidString(text) {
		return "", "", refused("import.file.encoding", "the file's characters cannot be read")
	}
	for _, r := range text {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == utf8.RuneError || r == 0x7F {
			return "", "", refused("import.file.not_text", "the file is neither CSV nor vCard")
		}
	}
	return text, enc, nil
}

// readCSV parses text with the delimiter its first line uses most (";"
// from a Swedish Excel, "," from Outlook and Google, a tab). The first
// row is the header.
func readCSV(text string) (Table, error) {
	first, _, _ := strings.Cut(text, "\n")
	delim := ';'
	best := strings.Count(first, ";")
	for _, d := range []rune{',', '\t'} {
		if n := strings.Count(first, string(d)); n > best {
			delim, best = d, n
		}
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes, r.ReuseRecord = delim, -1, true, false
	header, err := r.Read()
	if err != nil {
		return Table{}, refused("import.file.not_csv", "the file is neither CSV nor vCard")
	}
	if best == 0 && len(header) < 2 {
		return Table{}, refused("import.file.not_csv", "the file is neither CSV nor vCard")
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	t := Table{Format: FormatCSV, Header: header}
	for {
		line, _ := r.FieldPos(0)
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Table{}, refused("import.file.not_csv", "the file is neither CSV nor vCard")
		}
		if blank(rec) {
			continue
		}
		if len(t.Rows) > MaxRows {
			break // Read refuses it; no need to hold the rest
		}
		row := make([]string, len(header))
		copy(row, rec)
		t.Rows, t.Lines = append(t.Rows, row), append(t.Lines, line+1)
	}
	t.Guess = GuessMapping(header)
	return t, nil
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// vcardColumns are the columns a vCard is read into; their mapping is
// fixed (vcardMapping).
var vcardColumns = []string{"N: förnamn", "N: efternamn", "FN", "ORG", "E-post 1", "E-post 2", "Telefon 1", "Telefon 2",
	"Gatuadress", "Postnummer", "Ort", "Land"}

var vcardMapping = Mapping{FieldGivenName, FieldFamilyName, FieldFullName, FieldOrganisation, FieldEmail, FieldEmail,
	FieldPhone, FieldPhone, FieldStreet, FieldPostalCode, FieldCity, FieldCountry}

// readVCards reads vCard 3.0 and 4.0 (and the 2.1 that old phones write,
// as far as the decoder follows it) into vcardColumns.
func readVCards(text string) (Table, error) {
	dec := vcard.NewDecoder(strings.NewReader(text))
	t := Table{Format: FormatVCard, Header: vcardColumns, Guess: vcardMapping}
	for n := 1; ; n++ {
		card, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Table{}, refused("import.file.not_vcard", "the file's vCards cannot be read")
		}
		if len(t.Rows) > MaxRows {
			break
		}
		t.Rows, t.Lines = append(t.Rows, cardRow(card)), append(t.Lines, n)
	}
	return t, nil
}

// cardRow lays one card out as vcardColumns. An organisation's card
// (KIND:org, or only ORG and no name) keeps its name in ORG.
func cardRow(c vcard.Card) []string {
	row := make([]string, len(vcardColumns))
	if n := c.Name(); n != nil {
		row[0], row[1] = strings.TrimSpace(n.GivenName), strings.TrimSpace(n.FamilyName)
	}
	if c.Kind() != vcard.KindOrganization { // an organisation's FN is its name, not a person's
		row[2] = strings.TrimSpace(c.PreferredValue(vcard.FieldFormattedName))
	}
	if org := c.PreferredValue(vcard.FieldOrganization); org != "" {
		name, _, _ := strings.Cut(org, ";") // ORG:Firma;Avdelning
		row[3] = strings.TrimSpace(name)
	}
	emails, phones := c.Values(vcard.FieldEmail), c.Values(vcard.FieldTelephone)
	for i := 0; i < 2; i++ {
		if i < len(emails) {
			row[4+i] = strings.TrimSpace(emails[i])
		}
		if i < len(phones) {
			row[6+i] = strings.TrimPrefix(strings.TrimSpace(phones[i]), "tel:")
		}
	}
	if a := c.Address(); a != nil {
		row[8], row[9], row[10], row[11] = strings.TrimSpace(a.StreetAddress), strings.TrimSpace(a.PostalCode),
			strings.TrimSpace(a.Locality), strings.TrimSpace(a.Country)
	}
	return row
}
