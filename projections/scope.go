package projections

// Scope is need-to-know in SQL, shared by the read models whose lists are
// cut to what one staff member may see (matters, tasks, deadlines, the
// communication log, the reports): the rule of matter.Visible — the
// responsible lawyer, the team, the member's teams, those granted access
// — unless Everyone, and, over any role, the ethical walls on a matter or
// on a contact. A list filtered here returns pages as long as asked: a row
// the member may not see is never read, so neither a short page nor a
// cursor tells them that it exists (issue 11, item 17).
//
// The conditions read matters_v1 (the matters read model's table) by
// name, as the reports do: one database, and one statement of the rule.
type Scope struct {
	StaffID string
	Teams   []string
	// Everyone skips need-to-know (audits, system jobs, firm-wide
	// counts); walls still apply.
	Everyone       bool
	WalledMatters  []string
	WalledContacts []string
}

// Matter is the condition that the matters_v1 row aliased m may be seen;
// arg adds a query parameter and returns its placeholder.
func (s Scope) Matter(m string, arg func(any) string) string {
	staff := arg(s.StaffID)
	mine := "(" + arg(s.Everyone) + " OR (" + staff + "::text <> '' AND (" + m + ".responsible_lawyer = " + staff +
		" OR " + m + ".team_members @> ARRAY[" + staff + "::text] OR " + m + ".grants @> ARRAY[" + staff + "::text]))" +
		" OR " + m + ".teams && " + arg(nonNil(s.Teams)) + "::text[])"
	return mine + " AND NOT (" + m + ".id = ANY(" + arg(nonNil(s.WalledMatters)) + "::text[]))" +
		" AND NOT (" + m + ".client_ids && " + arg(nonNil(s.WalledContacts)) + "::text[])"
}

// FiledUnder is the condition on a row filed under the matter whose ID is
// the text expression col (empty for a row filed under none): none, or a
// matter the scope may see. A matter the read model does not hold (yet)
// is not seen.
func (s Scope) FiledUnder(col string, arg func(any) string) string {
	return "(" + col + " = '' OR EXISTS (SELECT 1 FROM matters_v1 sm WHERE sm.id = " + col + " AND " +
		s.Matter("sm", arg) + "))"
}

// Unwalled is the condition that none of the contact IDs in the text[]
// expression ids is walled off.
func (s Scope) Unwalled(ids string, arg func(any) string) string {
	return "NOT (" + ids + " && " + arg(nonNil(s.WalledContacts)) + "::text[])"
}

// nonNil keeps an absent list from reaching an array parameter as NULL.
func nonNil(items []string) []string {
	if items == nil {
		return []string{}
	}
	return items
}
