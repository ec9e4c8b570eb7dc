package contacts

import (
	"time"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// plan marks the details events of a batch that the next event of the same
// contact supersedes: every details event carries the complete details, so
// of a run of them only the last can show after the batch. Skipping the
// others matters because rewriting one row many times in one transaction
// is what makes catch-up slow. A run is cut by any other event of the
// contact, so archive and affiliation statements still find the row as it
// was. created[i] is when the run of event i began: the row's created_at if
// event i inserts it.
func plan(events []eventstore.Decoded) (skip []bool, created []time.Time) {
	skip, created = make([]bool, len(events)), make([]time.Time, len(events))
	last := map[string]int{} // contact → index of its latest event, while that is a details event
	for i, d := range events {
		id, details := detailsOf(d.Event)
		f := factOf(d, id)
		j, inRun := last[id]
		switch {
		case details && inRun:
			skip[j], created[i] = true, created[j]
			last[id] = i
		case details:
			created[i] = f.at
			last[id] = i
		default:
			delete(last, id)
		}
	}
	return skip, created
}

// detailsOf returns the event's contact and whether it sets the details.
func detailsOf(ev any) (id string, details bool) {
	switch e := ev.(type) {
	case contact.PersonRegistered:
		return e.ContactID, true
	case contact.PersonDetailsChanged:
		return e.ContactID, true
	case contact.OrganisationRegistered:
		return e.ContactID, true
	case contact.OrganisationDetailsChanged:
		return e.ContactID, true
	case contact.ContactArchived:
		return e.ContactID, false
	case contact.ContactReactivated:
		return e.ContactID, false
	case contact.AffiliationAdded:
		return e.ContactID, false
	case contact.AffiliationEnded:
		return e.ContactID, false
	}
	return "", false
}
