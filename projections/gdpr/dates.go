package gdpr

import "github.com/klient-crm/klient/domain/work"

// Dates travel as text ('YYYY-MM-DD') both ways, so no time zone ever
// shifts a calendar date.

// dateArg is d as a query argument: NULL for the zero Date.
func dateArg(d work.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// parseDate reads a date column read as text, empty for NULL.
func parseDate(field, s string) (work.Date, error) {
	if s == "" {
		return work.Date{}, nil
	}
	return work.ParseDate(field, s)
}
