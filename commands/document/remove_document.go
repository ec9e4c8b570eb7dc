package document

import (
	"context"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
)

// RemoveDocument takes a document off its matter or entry and deletes its
// bytes. DocumentAttached stays in the log; the name it seals dies with
// the subject's key.
type RemoveDocument struct {
	Actor           journal.Actor
	DocumentID      string
	ExpectedVersion uint64 // the Version the caller last saw (documents.Document.Version)
}

// RemoveDocumentHandler handles RemoveDocument.
type RemoveDocumentHandler struct{ docs *Documents }

// NewRemoveDocumentHandler returns the handler.
func NewRemoveDocumentHandler(docs *Documents) (*RemoveDocumentHandler, error) {
	if err := requireDocuments("NewRemoveDocumentHandler", docs); err != nil {
		return nil, err
	}
	return &RemoveDocumentHandler{docs: docs}, nil
}

// Handle appends DocumentRemoved, then deletes the bytes at once. Should
// that delete fail, the documents projector deletes them when it applies
// the event, so the command still succeeds: the removal is recorded. A
// removed document stays as it is.
func (h *RemoveDocumentHandler) Handle(ctx context.Context, cmd RemoveDocument) (DocumentResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return DocumentResult{}, err
	}
	id, err := journal.ExistingID(cmd.DocumentID, domain.NotFound("there is no such document").WithCode("document.not_found"))
	if err != nil {
		return DocumentResult{}, err
	}
	p, err := journal.ChangeOn(ctx, &h.docs.journal, cmd.Actor, documentStream(id), cmd.ExpectedVersion, h.docs.loader(id),
		func(d *communication.Document, _ time.Time) ([]domain.Event, error) {
			return d.Remove()
		})
	if err != nil {
		return DocumentResult{}, err
	}
	_ = h.docs.blobs.Delete(context.WithoutCancel(ctx), id)
	return DocumentResult{DocumentID: id, Version: p.Version, Position: p.Position}, nil
}
