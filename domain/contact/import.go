package contact

import "github.com/klient-crm/klient/domain"

// TypeContactsImported is stored forever: never rename it. Not "contact.":
// the contacts read model takes every "contact." event as one of a contact.
const TypeContactsImported = "contactimport.ContactsImported"

// ContactsImported records one run of an import of contacts from a file:
// the one line the audit trail shows for it, with its counts. Each contact
// it made has its own PersonRegistered or OrganisationRegistered (with the
// import's ID as correlation ID) and its own lawful basis, whose sealed
// note names the file; this event holds no personal data, not even the
// file's name.
type ContactsImported struct {
	ImportID string `json:"import_id"` // from the file's bytes: the same file, the same ID
	Format   string `json:"format"`    // csv or vcard
	Basis    string `json:"basis"`     // the lawful basis recorded for every contact made
	Purpose  string `json:"purpose"`
	Rows     int    `json:"rows"`
	Created  int    `json:"created"`
	Merged   int    `json:"merged"`  // existing contacts whose empty fields the file filled
	Skipped  int    `json:"skipped"` // chosen so, already imported, repeated in the file, or withheld
	Invalid  int    `json:"invalid"`
}

func (ContactsImported) EventType() string  { return TypeContactsImported }
func (ContactsImported) SchemaVersion() int { return 1 }

// ImportStreamName is the stream of one import (by the file's import ID):
// every run of it appends one ContactsImported.
func ImportStreamName(importID string) string { return "import-" + importID }

// CheckImportCounts refuses counts that do not add up to the rows.
func CheckImportCounts(e ContactsImported) error {
	if e.Rows < 0 || e.Created < 0 || e.Merged < 0 || e.Skipped < 0 || e.Invalid < 0 ||
		e.Created+e.Merged+e.Skipped+e.Invalid != e.Rows {
		return domain.Invalid("rows", "an import's counts must add up to its rows").WithCode("import.counts")
	}
	return nil
}
