package contacts

import (
	"context"
	"errors"
	"fmt"

	"github.com/klient-crm/klient/domain"
)

// ErrAnchor is the answer for a page that continues after a contact the
// viewer cannot see: unknown, walled off (Options.Exclude) or restricted
// (unless Options.IncludeRestricted). All three are one answer, so a
// made-up cursor tells nothing of what exists.
var ErrAnchor = errors.New("contacts: the contact a page continues after is not there")

// Key is a contact's place in a list: its ID. A contact's sort key is its
// name, which must not travel in a URL, so a page names the last contact
// it showed and the next page reads where that contact stands now. A
// contact renamed between two pages takes the walk with it to its new
// place; the others stay where they were.
type Key struct {
	ID string `json:"i"`
}

// KeyOf is c's place in a list.
func KeyOf(c Summary) Key { return Key{ID: c.ID} }

// Valid reports a contact ID.
func (k Key) Valid() bool { return domain.ValidID(k.ID) }

// byName is the list's order, and the search's for an address or a
// number: Swedish alphabetical order of the name, then the ID.
const byName = "sort_name, id"

// page reads the contacts that match where (and opts' filter) in order:
// the first page, or the one after opts.After. The alphabetical order
// continues from the anchor's name through the (sort_name, id) index; a
// ranked search numbers its matches and the anchor among them, and
// continues after the anchor's number (where need not hold for the
// anchor: it is placed where it would rank).
func page(ctx context.Context, db DB, a *args, where, order string, opts Options) ([]Summary, error) {
	cond := where + " AND " + a.filter(opts)
	if opts.After == nil {
		return summaries(ctx, db, "SELECT "+summaryColumns+" FROM contacts_v1 WHERE "+cond+" ORDER BY "+order+a.page(opts), *a)
	}
	if err := anchorSeen(ctx, db, opts); err != nil {
		return nil, err
	}
	anchor := a.add(opts.After.ID)
	limit, _ := opts.page()
	if order == byName {
		return summaries(ctx, db, "SELECT "+summaryColumns+" FROM contacts_v1 WHERE "+cond+
			" AND (sort_name, id) > (SELECT sort_name, id FROM contacts_v1 WHERE id = "+anchor+")"+
			" ORDER BY "+byName+" LIMIT "+a.add(limit), *a)
	}
	return summaries(ctx, db, "WITH ranked AS (SELECT id, row_number() OVER (ORDER BY "+order+") AS rn, ("+cond+") AS hit"+
		" FROM contacts_v1 WHERE id IN (SELECT id FROM contacts_v1 WHERE "+cond+" UNION SELECT "+anchor+"::text))"+
		" SELECT "+summaryColumns+" FROM ranked JOIN contacts_v1 USING (id)"+
		" WHERE ranked.hit AND ranked.rn > (SELECT rn FROM ranked WHERE id = "+anchor+")"+
		" ORDER BY ranked.rn LIMIT "+a.add(limit), *a)
}

// searchNameAfter is searchName's page after opts.After, in the same two
// steps. An anchor that is a prefix match continues the prefix matches
// after its place (starts, exact, sort key, ID), then the resemblances
// from their first; any other anchor is placed among the resemblances
// and the page goes on after it.
func searchNameAfter(ctx context.Context, db DB, name string, words []string, opts Options) ([]Summary, error) {
	if err := anchorSeen(ctx, db, opts); err != nil {
		return nil, err
	}
	limit, _ := opts.page()
	var a args
	matches := prefixMatches(&a, words)
	anchor := a.add(opts.After.ID)
	var prefixed bool
	if err := db.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM ("+matches+") p WHERE contact_id = "+anchor+")", a...).Scan(&prefixed); err != nil {
		return nil, fmt.Errorf("contacts: page anchor: %w", err)
	}
	var found []Summary
	if prefixed {
		sql := "WITH p AS (" + matches + ") SELECT " + summaryColumns + " FROM p CROSS JOIN LATERAL (SELECT * FROM contacts_v1 c WHERE c.id = p.contact_id AND " +
			a.filter(opts) + ") c WHERE (NOT p.starts, NOT p.exact, p.sort_key, p.contact_id) >" +
			" (SELECT NOT starts, NOT exact, sort_key, contact_id FROM p WHERE contact_id = " + anchor + ")" +
			" ORDER BY p.starts DESC, p.exact DESC, p.sort_key, p.contact_id LIMIT " + a.add(limit)
		var err error
		if found, err = summaries(ctx, db, sql, a); err != nil || len(found) == limit {
			return found, err
		}
		opts.After, opts.Offset = nil, 0 // the resemblances from their first
	}
	opts.Limit = limit - len(found)
	var r args
	where, order := nameMatch(&r, name)
	more, err := page(ctx, db, &r, where+" AND NOT "+everyWordBegins(&r, words), order, opts)
	return append(found, more...), err
}

// anchorSeen answers ErrAnchor unless opts.After is a contact the list
// itself would show (the list's own filter: walls, restriction, erasure,
// archive), so a cursor on one that has since gone answers as one that
// never was.
func anchorSeen(ctx context.Context, db DB, opts Options) error {
	var a args
	var seen bool
	err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM contacts_v1 WHERE id = `+a.add(opts.After.ID)+` AND `+a.filter(opts)+`)`, a...).Scan(&seen)
	switch {
	case err != nil:
		return fmt.Errorf("contacts: page anchor: %w", err)
	case !seen:
		return ErrAnchor
	}
	return nil
}
