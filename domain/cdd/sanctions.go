package cdd

import (
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/klient-crm/klient/domain"
)

// SanctionsList is a sanctions list as imported: the EU's consolidated
// list of persons, groups and entities subject to financial sanctions, in
// the Financial Sanctions Files' XML format (root <export generationDate
// globalFileId>, one <sanctionEntity logicalId> per listed subject, its
// <subjectType code>, its names as <nameAlias wholeName> and its birth
// dates as <birthdate birthdate>).
type SanctionsList struct {
	GeneratedAt time.Time // the file's generationDate: what a screening names as the list's date
	Version     string    // the file's globalFileId, when it has one
	Entries     []SanctionsEntry
}

// SanctionsEntry is one listed subject.
type SanctionsEntry struct {
	ID         string   // logicalId (else euReferenceNumber): stable across the list's versions
	Person     bool     // subjectType person, else an enterprise
	Names      []string // every alias, the strong ones first as listed
	BirthDates []string // as listed, for the reviewer
}

// ListInfo names a list that was imported, as a screening keeps it.
type ListInfo struct {
	ID          string // the import's ID
	Version     string
	GeneratedAt time.Time
	Entries     int
}

// Screening is the answer of a screening of many groups of names at once
// (every active client after an import): the list screened against and,
// per group, its hits.
type Screening struct {
	List ListInfo
	Hits [][]SanctionsHit
}

// MaxListEntries bounds one list (the EU's held about 6,000 in 2026).
const MaxListEntries = 100_000

// The file's elements as encoding/xml reads them; the namespace
// (http://eu.europa.ec/fpi/fsd/export) is matched by local name.
type fsfExport struct {
	XMLName        xml.Name    `xml:"export"`
	GenerationDate string      `xml:"generationDate,attr"`
	GlobalFileID   string      `xml:"globalFileId,attr"`
	Entities       []fsfEntity `xml:"sanctionEntity"`
}

type fsfEntity struct {
	LogicalID   string `xml:"logicalId,attr"`
	EUReference string `xml:"euReferenceNumber,attr"`
	SubjectType struct {
		Code string `xml:"code,attr"`
	} `xml:"subjectType"`
	Aliases []struct {
		WholeName string `xml:"wholeName,attr"`
		FirstName string `xml:"firstName,attr"`
		Middle    string `xml:"middleName,attr"`
		LastName  string `xml:"lastName,attr"`
	} `xml:"nameAlias"`
	BirthDates []struct {
		Date string `xml:"birthdate,attr"`
	} `xml:"birthdate"`
}

// ParseSanctionsList reads an EU consolidated list file. A file that is
// not that XML, has no generation date, or lists no subject with a name
// is refused, each with its own code, and nothing of it is kept. Entries
// without any name are left out (they cannot be screened against).
func ParseSanctionsList(r io.Reader) (SanctionsList, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return SanctionsList{}, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return SanctionsList{}, listError("the file is empty", "cdd.list.empty")
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var doc fsfExport
	if err := dec.Decode(&doc); err != nil {
		// Whatever the parser's complaint (not XML, another root, cut
		// short), the person importing needs one answer: wrong file.
		return SanctionsList{}, listError("the file is not the EU consolidated list's XML", "cdd.list.format")
	}
	generated, ok := parseListDate(doc.GenerationDate)
	if !ok {
		return SanctionsList{}, listError("the list has no generation date", "cdd.list.date")
	}
	list := SanctionsList{GeneratedAt: generated, Version: strings.TrimSpace(doc.GlobalFileID)}
	for _, e := range doc.Entities {
		entry := SanctionsEntry{ID: strings.TrimSpace(e.LogicalID), Person: strings.EqualFold(e.SubjectType.Code, "person") ||
			strings.EqualFold(e.SubjectType.Code, "P")}
		if entry.ID == "" {
			entry.ID = strings.TrimSpace(e.EUReference)
		}
		for _, a := range e.Aliases {
			name := strings.Join(strings.Fields(a.WholeName), " ")
			if name == "" {
				name = strings.Join(strings.Fields(a.FirstName+" "+a.Middle+" "+a.LastName), " ")
			}
			if name != "" && len(name) <= 500 && !slices.Contains(entry.Names, name) {
				entry.Names = append(entry.Names, name)
			}
		}
		for _, b := range e.BirthDates {
			if d := strings.TrimSpace(b.Date); d != "" && len(d) <= 40 {
				entry.BirthDates = append(entry.BirthDates, d)
			}
		}
		if entry.ID != "" && len(entry.Names) > 0 {
			list.Entries = append(list.Entries, entry)
		}
	}
	switch {
	case len(list.Entries) == 0:
		return SanctionsList{}, listError("the list names no one", "cdd.list.empty")
	case len(list.Entries) > MaxListEntries:
		return SanctionsList{}, listError("the list is longer than any sanctions list", "cdd.list.too_long")
	}
	return list, nil
}

func listError(msg, code string) error {
	return domain.Invalid("file", "%s", msg).WithCode(code)
}

// parseListDate reads the generationDate forms the files carry: RFC 3339
// with or without fractions, or a plain date.
func parseListDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
