package contact

import (
	"context"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincontact "github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
)

// RecordImport appends an import's one line for the audit trail once its
// contacts are written. Every run of the same file appends one more
// (expected version Any): a run that created nothing is still a run.
func (r *Contacts) RecordImport(ctx context.Context, actor journal.Actor, e domaincontact.ContactsImported) (eventstore.Position, error) {
	if err := actor.Check(); err != nil {
		return eventstore.Position{}, err
	}
	id, err := journal.ExistingID(e.ImportID, domain.Invalid("import_id", "an import ID is a UUID").WithCode("import.id"))
	if err != nil {
		return eventstore.Position{}, err
	}
	e.ImportID = id
	if err := domaincontact.CheckImportCounts(e); err != nil {
		return eventstore.Position{}, err
	}
	s := journal.Stream{Name: domaincontact.ImportStreamName(id), StaleCode: "import.changed_meanwhile"}
	res, err := r.journal.Append(ctx, actor, s, eventstore.Any, []domain.Event{e}, r.journal.Now())
	return res.LastPosition, journal.AsNilOrDomain(err)
}
