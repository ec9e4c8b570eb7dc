package contacts

import (
	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
)

// gdprEvents are the register's events this read model follows: a
// restriction hides a person from everyday lists (art. 18.2 leaves only
// storage), and an erasure blanks them for good.
var gdprEvents = map[string]bool{
	gdpr.TypeRestrictionApplied: true,
	gdpr.TypeRestrictionLifted:  true,
	gdpr.TypeSubjectErased:      true,
}

// GetOptions widen GetWith.
type GetOptions struct {
	// IncludeRestricted returns a restricted contact whole: the
	// data-protection officer's view.
	IncludeRestricted bool
	// IncludeMerged returns a contact merged into another as it was
	// recorded (its MergedInto set) instead of the pointer: the access
	// package of the survivor shows it.
	IncludeMerged bool
}

// restricted is Get's answer for a restricted contact. The message names
// no one.
func restricted() error {
	return domain.Forbidden("processing of this contact's data is restricted").WithCode("contact.restricted")
}

// withheld is what Get shows of a restricted contact: that it exists, and
// nothing about whom.
func (c Contact) withheld() Contact {
	return Contact{ID: c.ID, Kind: c.Kind, Archived: c.Archived, Restricted: true, Version: c.Version,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

// restrictSQL is unguarded: the subject's stream orders its restrictions,
// and applying one again sets the same flag.
const restrictSQL = `UPDATE contacts_v1 SET restricted = $2 WHERE id = $1`

// queueGDPR queues a register event; false if d is none.
func queueGDPR(b *pgx.Batch, d eventstore.Decoded) bool {
	switch e := d.Event.(type) {
	case gdpr.RestrictionApplied:
		b.Queue(restrictSQL, e.SubjectID, true)
	case gdpr.RestrictionLifted:
		b.Queue(restrictSQL, e.SubjectID, false)
	case gdpr.SubjectErased:
		queueSubjectErased(b, e.SubjectID)
	default:
		return false
	}
	return true
}
