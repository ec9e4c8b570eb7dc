package contacts

import (
	"context"
	"fmt"
	"strings"
)

// Search finds contacts by what was typed in the search box: an e-mail
// address (exact, any case), a personnummer, organisationsnummer or phone
// number (exact, in any common format), or else a name. Names are found in
// two steps, best first: names in which every word typed begins a word of
// the name (those that begin with it first, then those with a word that is
// exactly what was typed, then in Swedish alphabetical order), then names
// that merely contain it or resemble it (trigram similarity, for
// misspellings). å ä ö are folded either way. Archived and erased contacts
// are left out unless opts asks for them. An empty q lists.
func Search(ctx context.Context, db DB, q string, opts Options) ([]Summary, error) {
	l := classify(q)
	var a args
	var where, order string
	switch {
	case l.email != "":
		where, order = "lookup_keys @> ARRAY["+a.add("e:"+l.email)+"::text]", byName
	case l.number != nil:
		where, order = "lookup_keys && "+a.add(numberLookups(l.number))+"::text[]", byName
	case l.name == "":
		return List(ctx, db, opts)
	default:
		return searchName(ctx, db, l.name, opts)
	}
	return page(ctx, db, &a, where, order, opts)
}

// maxQueryWords bounds the words of a name query the prefix step joins on;
// the rest still narrow the resemblance step.
const maxQueryWords = 4

// searchName runs the two steps of a name search over one page: the
// prefix matches (from contacts_v1_words), then, when they do not fill the
// page, the resemblances that are not prefix matches.
func searchName(ctx context.Context, db DB, name string, opts Options) ([]Summary, error) {
	words := strings.Fields(name)
	words = words[:min(len(words), maxQueryWords)]
	if opts.After != nil {
		return searchNameAfter(ctx, db, name, words, opts)
	}
	limit, offset := opts.page()
	var a args
	matches := prefixMatches(&a, words)
	// p and c share only sort_key, which summaryColumns does not name.
	sql := "SELECT " + summaryColumns + " FROM (" + matches + ") p CROSS JOIN LATERAL (SELECT * FROM contacts_v1 c WHERE c.id = p.contact_id AND " +
		a.filter(opts) + ") c ORDER BY p.starts DESC, p.exact DESC, p.sort_key, p.contact_id LIMIT " + a.add(limit) + " OFFSET " + a.add(offset)
	found, err := summaries(ctx, db, sql, a)
	if err != nil || len(found) == limit {
		return found, err
	}
	// The prefix matches end on this page: the resemblances follow them,
	// after as many of them as earlier pages showed.
	before := offset + len(found)
	if len(found) == 0 && offset > 0 {
		var c args
		count := "SELECT count(*) FROM (" + prefixMatches(&c, words) + ") p JOIN contacts_v1 c ON c.id = p.contact_id WHERE " + c.filter(opts)
		if err := db.QueryRow(ctx, count, c...).Scan(&before); err != nil {
			return nil, fmt.Errorf("contacts: count prefix matches: %w", err)
		}
	}
	var r args
	where, order := nameMatch(&r, name)
	rest := "SELECT " + summaryColumns + " FROM contacts_v1 WHERE " + where + " AND NOT " + everyWordBegins(&r, words) +
		" AND " + r.filter(opts) + " ORDER BY " + order + " LIMIT " + r.add(limit-len(found)) + " OFFSET " + r.add(max(offset-before, 0))
	more, err := summaries(ctx, db, rest, r)
	return append(found, more...), err
}

// prefixMatches selects, per contact, whether its name begins with the
// first word typed, whether a word of it is exactly one typed, and its
// sort key — for the contacts in which every word typed begins a word,
// best first. It reads the words index alone.
func prefixMatches(a *args, words []string) string {
	var any, every []string
	for _, w := range words {
		p := a.add(w + "%")
		any = append(any, "word LIKE "+p)
		every = append(every, "bool_or(word LIKE "+p+")")
	}
	first, exact := a.add(words[0]+"%"), a.add(words)
	return "SELECT contact_id, bool_or(first AND word LIKE " + first + ") AS starts, bool_or(word = ANY(" + exact +
		"::text[])) AS exact, min(sort_key) AS sort_key FROM contacts_v1_words WHERE " + strings.Join(any, " OR ") +
		" GROUP BY contact_id HAVING " + strings.Join(every, " AND ") +
		" ORDER BY starts DESC, exact DESC, sort_key, contact_id"
}

// everyWordBegins is the prefix step's condition on a contact row, to
// leave its matches out of the resemblance step.
func everyWordBegins(a *args, words []string) string {
	var every []string
	for _, w := range words {
		every = append(every, "(' ' || search_name) LIKE "+a.add("% "+w+"%"))
	}
	return "(" + strings.Join(every, " AND ") + ")"
}

// nameMatch finds names that contain the query or resemble one of its
// words (pg_trgm's <% with its word_similarity threshold, both served by
// the GIN trigram index), and ranks a name that starts with the query
// first, then one with a word that does, then by similarity.
func nameMatch(a *args, name string) (where, order string) {
	q := a.add(name)
	contains, prefix, wordPrefix := a.add("%"+name+"%"), a.add(name+"%"), a.add("% "+name+"%")
	where = "(search_name LIKE " + contains + " OR " + q + " <% search_name)"
	order = "search_name LIKE " + prefix + " DESC, ' ' || search_name LIKE " + wordPrefix + " DESC, " +
		"word_similarity(" + q + ", search_name) DESC, similarity(" + q + ", search_name) DESC, sort_name, id"
	return where, order
}

// List pages through contacts in Swedish alphabetical order of their names
// (the contact list without a search). Archived and erased contacts are
// left out unless opts asks for them.
func List(ctx context.Context, db DB, opts Options) ([]Summary, error) {
	var a args
	return page(ctx, db, &a, "true", byName, opts)
}
