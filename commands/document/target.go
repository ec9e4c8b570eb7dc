package document

import (
	"context"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
)

// documentTarget is where a document goes, and whose key seals it.
type documentTarget struct {
	matterID        string
	communicationID string
	subject         string
}

// target resolves an upload's destination: a matter that exists, or an
// entry that exists, is not deleted and still holds its text. An entry's
// document is sealed like the entry and listed with its matter too.
func (r *Documents) target(ctx context.Context, matterID, communicationID string) (documentTarget, error) {
	switch {
	case matterID != "" && communicationID != "":
		return documentTarget{}, domain.Invalid("target", "attach the document to a matter or to an entry, not both").WithCode("document.target.both")
	case matterID != "":
		id := journal.CanonicalID(matterID)
		if err := commcmd.CheckMatter(ctx, &r.journal, id); err != nil {
			return documentTarget{}, err
		}
		return documentTarget{matterID: id, subject: communication.MatterSubject(id)}, nil
	case communicationID != "":
		return r.entryTarget(ctx, communicationID)
	}
	return documentTarget{}, domain.Invalid("target", "attach the document to a matter or an entry").WithCode("document.target.required")
}

func (r *Documents) entryTarget(ctx context.Context, rawID string) (documentTarget, error) {
	id, err := journal.ExistingID(rawID, domain.NotFound("there is no such entry in the communication log").WithCode("communication.not_found"))
	if err != nil {
		return documentTarget{}, err
	}
	e, _, err := commcmd.EntryLoader(&r.journal, id)(ctx)
	if err != nil {
		return documentTarget{}, err
	}
	if err := e.CheckAttachable(); err != nil {
		return documentTarget{}, err
	}
	return documentTarget{matterID: e.Links().MatterID, communicationID: id, subject: e.DataSubject()}, nil
}
