package matter

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
)

// Lateral hire (issue 14): before a lawyer from another firm starts, an
// administrator checks the list of the lawyer's former clients and
// matters against every matter and client here, with the conflict check a
// matter's parties get. The list and what was found are kept with the
// staff member, in a stream of their own; the list names people, so it is
// sealed with an entry key the staff member owns (LateralHireKey).

// TypeLateralHireChecked is stored forever: never rename it. It is not a
// "matter." event: no matter's read model has anything to do with it.
const TypeLateralHireChecked = "lateralhire.Checked"

// LateralHireStreamName is the stream of one staff member's lateral-hire
// checks.
func LateralHireStreamName(staffID string) string { return "lateralhire-" + staffID }

// LateralHireKey is the data-subject ID of the key that seals one check's
// list: an entry key of the staff member's, which their erasure destroys.
func LateralHireKey(staffID, checkID string) string {
	return domain.EntryKey(staffID, "lateralhire-"+checkID)
}

// LateralProbeID names the list's row i among a check's probes and hits
// (ConflictHit.ProbeContactID): it is no contact's ID, so the check never
// takes a row for a registered contact itself.
func LateralProbeID(i int) string { return "row-" + strconv.Itoa(i+1) }

// LateralEntry is one row of a lawyer's list: a former client or other
// party, with the matter it was in, as the list words them.
type LateralEntry struct {
	Name   string `json:"name"`
	Number string `json:"number,omitempty"` // personnummer or organisationsnummer, normalised
	Email  string `json:"email,omitempty"`
	Role   string `json:"role,omitempty"`   // "klient", "motpart", …: as written
	Matter string `json:"matter,omitempty"` // the former matter, as written
}

// Probe is what the conflict check searches for the row.
func (e LateralEntry) Probe(i int) PartyProbe {
	p := PartyProbe{ContactID: LateralProbeID(i), Names: []string{e.Name}}
	if e.Number != "" {
		p.Numbers = []string{e.Number}
	}
	if e.Email != "" {
		p.Emails = []string{e.Email}
	}
	return p
}

// LateralHireChecked records one check of a list: who checked it, when,
// how far the conflict index had got, the list (sealed) and the findings
// (IDs only, as a matter's check records them).
type LateralHireChecked struct {
	StaffID   string         `json:"staff_id"`
	CheckID   string         `json:"check_id"`
	Subject   string         `json:"subject"` // LateralHireKey(StaffID, CheckID)
	FileName  string         `json:"file_name" personal:"Subject"`
	Entries   []LateralEntry `json:"entries" personal:"Subject"`
	RanAt     time.Time      `json:"ran_at"`
	Position  LogPosition    `json:"position"`
	Hits      []ConflictHit  `json:"hits,omitempty"`
	CheckedBy string         `json:"checked_by"` // staff ID
}

// EventType and SchemaVersion implement domain.Event.
func (LateralHireChecked) EventType() string  { return TypeLateralHireChecked }
func (LateralHireChecked) SchemaVersion() int { return 1 }

// RecordLateralHireCheck decides to record a check of a list.
func RecordLateralHireCheck(c LateralHireChecked) ([]domain.Event, error) {
	var errs []error
	if !domain.ValidID(c.StaffID) {
		errs = append(errs, domain.Invalid("staff_id", "this is not a staff member's ID").WithCode("lateral.staff"))
	}
	if !domain.ValidID(c.CheckID) || !domain.ValidID(c.CheckedBy) {
		errs = append(errs, domain.Invalid("check_id", "a check needs its ID and who ran it").WithCode("lateral.check_id"))
	}
	if len(c.Entries) == 0 {
		errs = append(errs, domain.Invalid("file", "the list has no rows").WithCode("lateral.file.empty"))
	}
	if err := domain.JoinProblems(errs...); err != nil {
		return nil, err
	}
	c.Subject = LateralHireKey(c.StaffID, c.CheckID)
	c.FileName = strings.TrimSpace(c.FileName)
	return []domain.Event{c}, nil
}

// MaxLateralRows bounds a list: a lawyer's career, not a register.
const MaxLateralRows = 5000

// ParseLateralList reads a list as a Swedish office writes it: CSV from
// Excel (';'-separated, UTF-8 with or without a byte-order mark, or
// Windows-1252) or elsewhere (','), with a header row naming the columns
// (Namn or Klient; Personnummer, Organisationsnummer or Nummer; E-post;
// Roll; Ärende). Only the name is required. Each refused row is named
// (row 1 is the header), and nothing is kept of a refused list.
func ParseLateralList(data []byte, now time.Time) ([]LateralEntry, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, domain.Invalid("file", "the file is not a CSV list").WithCode("lateral.file.format")
	}
	text := string(data)
	if !utf8.Valid(data) {
		text = fromWindows1252(data)
	}
	first, _, _ := strings.Cut(text, "\n")
	r := csv.NewReader(strings.NewReader(text))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = ',', -1, true
	if strings.Count(first, ";") > strings.Count(first, ",") {
		r.Comma = ';'
	}
	header, err := r.Read()
	if err != nil {
		return nil, domain.Invalid("file", "the file is not a CSV list").WithCode("lateral.file.format")
	}
	cols := lateralColumns(header)
	if cols["name"] < 0 {
		return nil, domain.Invalid("file", "the list has no column of names (Namn)").WithCode("lateral.file.no_name")
	}
	var out []LateralEntry
	var problems []error
	for row := 2; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, domain.Invalid("file", "the file is not a CSV list").WithCode("lateral.file.format")
		}
		cell := func(name string) string {
			if i := cols[name]; i >= 0 && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		e := LateralEntry{Name: cell("name"), Email: cell("email"), Role: cell("role"), Matter: cell("matter")}
		if e.Name == "" && cell("number") == "" && e.Email == "" && e.Matter == "" {
			continue // an empty line
		}
		if len(out) == MaxLateralRows {
			return nil, domain.Invalid("file", "the list has too many rows").WithCode("lateral.file.too_many").WithArgs(MaxLateralRows)
		}
		if e.Name == "" {
			problems = append(problems, domain.Invalid("file", "a row has no name").WithCode("lateral.row.name").WithArgs(row))
		}
		if n := cell("number"); n != "" {
			if p, err := contact.ParsePersonnummer(n, now); err == nil {
				e.Number = p.String()
			} else if o, err := contact.ParseOrganisationsnummer(n); err == nil {
				e.Number = o.String()
			} else {
				problems = append(problems, domain.Invalid("file", "a row's number is no valid personnummer or organisationsnummer").
					WithCode("lateral.row.number").WithArgs(row))
			}
		}
		if e.Email != "" && !strings.Contains(strings.Trim(e.Email, "@"), "@") {
			problems = append(problems, domain.Invalid("file", "a row's e-mail address is not one").WithCode("lateral.row.email").WithArgs(row))
		}
		out = append(out, e)
	}
	if err := domain.JoinProblems(problems...); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, domain.Invalid("file", "the list has no rows").WithCode("lateral.file.empty")
	}
	return out, nil
}

// lateralColumns finds each column by its heading, Swedish or English; -1
// for a column the list lacks.
func lateralColumns(header []string) map[string]int {
	names := map[string][]string{
		"name":   {"namn", "klient", "klientnamn", "name", "client"},
		"number": {"personnummer", "organisationsnummer", "person-/organisationsnummer", "nummer", "pnr", "orgnr", "number"},
		"email":  {"e-post", "epost", "e-postadress", "email", "e-mail"},
		"role":   {"roll", "role", "partsroll"},
		"matter": {"ärende", "arende", "uppdrag", "matter"},
	}
	out := map[string]int{}
	for col, words := range names {
		out[col] = -1
		for i, h := range header {
			if h = strings.ToLower(strings.TrimSpace(h)); slices.Contains(words, h) && out[col] < 0 {
				out[col] = i
			}
		}
	}
	return out
}

// fromWindows1252 decodes what Excel writes as "CSV" on a Swedish
// Windows: Latin-1, with 0x80–0x9F holding the typographic marks.
func fromWindows1252(b []byte) string {
	high := [32]rune{'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
		'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ'}
	var sb strings.Builder
	for _, c := range b {
		switch {
		case c >= 0x80 && c < 0xA0:
			sb.WriteRune(high[c-0x80])
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}
