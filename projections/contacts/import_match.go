package contacts

import (
	"context"
	"fmt"
	"strings"

	"github.com/klient-crm/klient/domain/contact"
)

// ImportCandidate is what an import knows of one row: its name and the
// numbers and addresses it would be found by.
type ImportCandidate struct {
	Name   string // as the row gives it: "Anna Berg", "Berg & Co AB"
	Number string // personnummer or organisationsnummer, normalised
	Emails []contact.Email
	Phones []contact.Phone
}

// ImportMatch is an existing contact an import's row may be.
type ImportMatch struct {
	Row        int // index into the candidates
	ContactID  string
	Name       string
	Exact      bool // the same personnummer or organisationsnummer
	Restricted bool
	Erased     bool
}

// ImportMatches is the import's likely-duplicate rule, kept apart until
// the merge work's duplicate finder is unified with it: an existing
// contact is the row's when it has the same identity number (exact), or
// the same folded name and the same e-mail, phone or birth date. One
// query over the lookup keys, one over the names.
func ImportMatches(ctx context.Context, db DB, rows []ImportCandidate) ([]ImportMatch, error) {
	byKey := map[string][]int{}
	byName := map[string][]int{}
	var keys, names []string
	for i, r := range rows {
		for _, k := range lookupKeys(r.Number, r.Emails, r.Phones) {
			if len(byKey[k]) == 0 {
				keys = append(keys, k)
			}
			byKey[k] = append(byKey[k], i)
		}
		if n := fold(r.Name); n != "" {
			if len(byName[n]) == 0 {
				names = append(names, n)
			}
			byName[n] = append(byName[n], i)
		}
	}
	found := map[[2]string]ImportMatch{} // (row, contact) → match
	err := importRows(ctx, db, `SELECT id, display_name, search_name, personnummer, organisationsnummer, lookup_keys,
		restricted, erased FROM contacts_v1 WHERE lookup_keys && $1::text[] AND merged_into = ''`, keys, func(c importRow) {
		for _, k := range c.keys {
			for _, i := range byKey[k] {
				exact := strings.HasPrefix(k, "n:")
				if exact || fold(rows[i].Name) == c.searchName && c.searchName != "" {
					c.add(found, i, exact)
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	err = importRows(ctx, db, `SELECT id, display_name, search_name, personnummer, organisationsnummer, lookup_keys,
		restricted, erased FROM contacts_v1 WHERE search_name = ANY($1::text[]) AND merged_into = ''`, names, func(c importRow) {
		for _, i := range byName[c.searchName] {
			if born := birthDate(rows[i].Number); born != "" && born == birthDate(c.personnummer) {
				c.add(found, i, false)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	out := make([]ImportMatch, 0, len(found))
	for _, m := range found {
		out = append(out, m)
	}
	return out, nil
}

// importRow is one contact row the matching reads.
type importRow struct {
	id, name, searchName, personnummer, organisationsnummer string
	keys                                                    []string
	restricted, erased                                      bool
}

func (c importRow) add(found map[[2]string]ImportMatch, row int, exact bool) {
	k := [2]string{fmt.Sprint(row), c.id}
	m := found[k]
	found[k] = ImportMatch{Row: row, ContactID: c.id, Name: c.name, Exact: exact || m.Exact,
		Restricted: c.restricted, Erased: c.erased}
}

func importRows(ctx context.Context, db DB, sql string, arg []string, each func(importRow)) error {
	if len(arg) == 0 {
		return nil
	}
	rows, err := db.Query(ctx, sql, arg)
	if err != nil {
		return fmt.Errorf("contacts: import matches: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c importRow
		if err := rows.Scan(&c.id, &c.name, &c.searchName, &c.personnummer, &c.organisationsnummer, &c.keys,
			&c.restricted, &c.erased); err != nil {
			return fmt.Errorf("contacts: import matches: %w", err)
		}
		each(c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("contacts: import matches: %w", err)
	}
	return nil
}

// birthDate is a personnummer's YYYYMMDD (a samordningsnummer's day
// keeps its 60 added: it is compared only with another number's).
func birthDate(pnr string) string {
	d := digits(pnr)
	if len(d) != 12 {
		return ""
	}
	return d[:8]
}

// ImportState is what an import must know of contacts it would write
// under IDs it derived: whether each exists, and is erased or restricted.
type ImportState struct {
	Exists, Erased, Restricted bool
}

// ImportStates reads the state of the contacts ids name (an import's
// derived IDs, so that the same file imported again creates nothing).
func ImportStates(ctx context.Context, db DB, ids []string) (map[string]ImportState, error) {
	out := make(map[string]ImportState, len(ids))
	rows, err := db.Query(ctx, `SELECT id, erased, restricted FROM contacts_v1 WHERE id = ANY($1::text[])`, ids)
	if err != nil {
		return nil, fmt.Errorf("contacts: import states: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		s := ImportState{Exists: true}
		if err := rows.Scan(&id, &s.Erased, &s.Restricted); err != nil {
			return nil, fmt.Errorf("contacts: import states: %w", err)
		}
		out[id] = s
	}
	return out, rows.Err()
}
