package contacts

import "context"

// Search finds contacts by what was typed in the search box: an e-mail
// address (exact, any case), a personnummer, organisationsnummer or phone
// number (exact, in any common format), or else a name (trigram
// similarity, å ä ö folded, best match first). Archived and erased
// contacts are left out unless opts asks for them. An empty q lists.
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
		where, order = nameMatch(&a, l.name)
	}
	return page(ctx, db, &a, where, order, opts)
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
