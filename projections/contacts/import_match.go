package contacts

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain/contact"
)

// ImportCandidate is what an import knows of one row: its kind, its name
// and the numbers and addresses it would be found by.
type ImportCandidate struct {
	Kind   Kind
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

// ImportMatches finds, for each row, the existing contacts it may be: one
// with the same identity number (exact; the register refuses it), or one
// the register's likely-duplicate rule (Resembles) says looks like it — the
// same rule, so that a pair the contact form warns of is the pair the
// import's dry run offers to skip or merge. Rows are many, so the
// candidates are found in bulk (one query over the lookup keys, one over
// the birth dates) and the names' similarity of every pair found is asked
// of PostgreSQL in one more, as LikelyDuplicates asks it.
func ImportMatches(ctx context.Context, db DB, rows []ImportCandidate) ([]ImportMatch, error) {
	byKey := map[string][]int{}
	byBirth := map[string][]int{}
	var keys, births []string
	ours := make([][]string, len(rows))
	for i, r := range rows {
		ours[i] = lookupKeys(r.Number, r.Emails, r.Phones)
		for _, k := range ours[i] {
			if len(byKey[k]) == 0 {
				keys = append(keys, k)
			}
			byKey[k] = append(byKey[k], i)
		}
		if b := birthPrefix(r.Number); b != "" && r.Kind == KindPerson {
			if len(byBirth[b]) == 0 {
				births = append(births, b)
			}
			byBirth[b] = append(byBirth[b], i)
		}
	}
	found := map[[2]string]ImportMatch{} // (row, contact) → match
	var pairs []importPair               // (row, contact) the rule must weigh
	weigh := map[[2]string]bool{}
	consider := func(c importRow, i int) {
		k := [2]string{strconv.Itoa(i), c.id}
		if c.kind == rows[i].Kind && !weigh[k] {
			weigh[k] = true
			pairs = append(pairs, importPair{row: i, contact: c})
		}
	}
	err := importRows(ctx, db, `SELECT id, kind, display_name, search_name, personnummer, lookup_keys,
		restricted, erased FROM contacts_v1 WHERE lookup_keys && $1::text[] AND merged_into = ''`, keys, func(c importRow) {
		for _, k := range c.keys {
			for _, i := range byKey[k] {
				if strings.HasPrefix(k, "n:") {
					c.add(found, i, true)
				} else {
					consider(c, i)
				}
			}
		}
	})
	if err != nil {
		return nil, err
	}
	// No index serves the birth date; one pass over the table, the
	// batch's dates hashed, is cheaper than a search per row. A date more
	// than maxKeyHolders contacts share is left out, as the review leaves
	// it out: it says nothing of any one of them, and weighing every row
	// born that day against each of them grows as their product.
	born := map[string][]importRow{}
	err = importRows(ctx, db, `SELECT id, kind, display_name, search_name, personnummer, lookup_keys,
		restricted, erased FROM contacts_v1 WHERE substr(personnummer, 1, 9) = ANY($1::text[]) AND merged_into = ''`, births, func(c importRow) {
		b := birthPrefix(c.personnummer)
		born[b] = append(born[b], c)
	})
	if err != nil {
		return nil, err
	}
	for b, holders := range born {
		if len(holders) > maxKeyHolders {
			continue
		}
		for _, c := range holders {
			for _, i := range byBirth[b] {
				consider(c, i)
			}
		}
	}
	sims, err := similarities(ctx, db, rows, pairs)
	if err != nil {
		return nil, err
	}
	for n, p := range pairs {
		born := rows[p.row].Kind == KindPerson && birthPrefix(rows[p.row].Number) != "" &&
			birthPrefix(rows[p.row].Number) == birthPrefix(p.contact.personnummer)
		if Resembles(sims[n], reasons(p.contact.keys, ours[p.row], born)) {
			p.contact.add(found, p.row, false)
		}
	}
	out := make([]ImportMatch, 0, len(found))
	for _, m := range found {
		out = append(out, m)
	}
	return out, nil
}

// importPair is a row and an existing contact it shares a key or a birth
// date with, to be weighed by the rule.
type importPair struct {
	row     int
	contact importRow
}

// similarityBatch bounds the pairs one query weighs.
const similarityBatch = 20000

// similarities asks PostgreSQL the trigram similarity of each pair's
// names (the row's folded, the contact's search name), in order: the
// measure LikelyDuplicates uses.
func similarities(ctx context.Context, db DB, rows []ImportCandidate, pairs []importPair) ([]float64, error) {
	out := make([]float64, 0, len(pairs))
	for from := 0; from < len(pairs); from += similarityBatch {
		part := pairs[from:min(from+similarityBatch, len(pairs))]
		ours, theirs := make([]string, len(part)), make([]string, len(part))
		for i, p := range part {
			ours[i], theirs[i] = fold(rows[p.row].Name), p.contact.searchName
		}
		r, err := db.Query(ctx, `SELECT similarity(a, b) FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(a, b, n) ORDER BY n`,
			ours, theirs)
		if err != nil {
			return nil, fmt.Errorf("contacts: import matches: %w", err)
		}
		sims, err := pgx.CollectRows(r, pgx.RowTo[float64])
		if err != nil {
			return nil, fmt.Errorf("contacts: import matches: %w", err)
		}
		out = append(out, sims...)
	}
	return out, nil
}

// importRow is one contact row the matching reads.
type importRow struct {
	id, name, searchName, personnummer string
	kind                               Kind
	keys                               []string
	restricted, erased                 bool
}

func (c importRow) add(found map[[2]string]ImportMatch, row int, exact bool) {
	k := [2]string{strconv.Itoa(row), c.id}
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
		var kind string
		if err := rows.Scan(&c.id, &kind, &c.name, &c.searchName, &c.personnummer, &c.keys,
			&c.restricted, &c.erased); err != nil {
			return fmt.Errorf("contacts: import matches: %w", err)
		}
		c.kind = Kind(kind)
		each(c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("contacts: import matches: %w", err)
	}
	return nil
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
