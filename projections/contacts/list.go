package contacts

import "context"

// List pages through contacts in Swedish alphabetical order of their names
// (the contact list without a search). Archived and erased contacts are
// left out unless opts asks for them.
func List(ctx context.Context, db DB, opts Options) ([]Summary, error) {
	var a args
	sql := "SELECT " + summaryColumns + " FROM contacts_v1 WHERE " + a.filter(opts) +
		" ORDER BY sort_name, id" + a.page(opts)
	return summaries(ctx, db, sql, a)
}
