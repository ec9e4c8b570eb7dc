package document

import (
	"bufio"
	"context"
	"errors"
	"io"
	"time"

	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
)

// AttachDocument uploads a file to a matter or to a log entry (exactly one).
type AttachDocument struct {
	Actor           journal.Actor
	DocumentID      string // optional UUID; an ID already used is a conflict
	MatterID        string
	CommunicationID string
	Name            string    // the file name as uploaded; its extension must match the content
	Content         io.Reader // read once, to its end; never the client's content type
}

// AttachDocumentHandler handles AttachDocument.
type AttachDocumentHandler struct{ docs *Documents }

// NewAttachDocumentHandler returns the handler.
func NewAttachDocumentHandler(docs *Documents) (*AttachDocumentHandler, error) {
	if err := requireDocuments("NewAttachDocumentHandler", docs); err != nil {
		return nil, err
	}
	return &AttachDocumentHandler{docs: docs}, nil
}

// Handle checks the target and the file's type (sniffed from its first
// bytes against its name's extension) before anything is stored, then
// stores the bytes and appends DocumentAttached. If the append fails, the
// bytes are deleted again: no file without its event.
func (h *AttachDocumentHandler) Handle(ctx context.Context, cmd AttachDocument) (DocumentResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return DocumentResult{}, err
	}
	id, err := journal.NewID(cmd.DocumentID, domain.Invalid("document_id", "a document ID is a UUID").WithCode("document.id.format"))
	if err != nil {
		return DocumentResult{}, err
	}
	to, err := h.docs.target(ctx, cmd.MatterID, cmd.CommunicationID)
	if err != nil {
		return DocumentResult{}, err
	}
	if err := h.unused(ctx, id); err != nil {
		return DocumentResult{}, err
	}
	content, contentType, err := sniffed(cmd.Name, cmd.Content)
	if err != nil {
		return DocumentResult{}, err
	}
	return h.store(ctx, cmd, id, to, content, contentType)
}

// store puts the bytes and records them, deleting them if recording fails.
func (h *AttachDocumentHandler) store(ctx context.Context, cmd AttachDocument, id string, to documentTarget, content io.Reader, contentType string) (DocumentResult, error) {
	size, sum, _, err := h.docs.blobs.Put(ctx, id, to.subject, content, h.docs.maxSize)
	if err != nil {
		return DocumentResult{}, journal.AsDomainError(err)
	}
	p, err := journal.RegisterOn(ctx, &h.docs.journal, cmd.Actor, documentStream(id), h.docs.loader(id),
		func(d *communication.Document, _ time.Time) ([]domain.Event, error) {
			return d.Attach(communication.Attachment{DocumentID: id, MatterID: to.matterID,
				CommunicationID: to.communicationID, DataSubject: to.subject, Name: cmd.Name, Size: size,
				ContentType: contentType, SHA256: sum, UploadedBy: cmd.Actor.ID})
		})
	if err != nil {
		// Cleanup must run even when the request's context is what failed.
		_ = h.docs.blobs.Delete(context.WithoutCancel(ctx), id)
		return DocumentResult{}, err
	}
	return DocumentResult{DocumentID: id, Version: p.Version, Position: p.Position, Size: size, ContentType: contentType}, nil
}

// unused refuses an ID a document was already attached under, before any
// byte is stored.
func (h *AttachDocumentHandler) unused(ctx context.Context, id string) error {
	d, _, err := h.docs.loader(id)(ctx)
	if err == nil && d.Exists() {
		return domain.Conflict("another document is already stored under this ID").WithCode("document.id.taken")
	}
	return err
}

// sniffed reads the file's first bytes, decides its type from them and its
// name, and returns a reader that still yields the whole file.
func sniffed(name string, r io.Reader) (io.Reader, string, error) {
	if r == nil {
		return nil, "", domain.Invalid("file", "the file is empty").WithCode("document.empty")
	}
	br := bufio.NewReaderSize(r, communication.SniffLength)
	head, err := br.Peek(communication.SniffLength)
	if err != nil && !errors.Is(err, io.EOF) {
		e := domain.Invalid("file", "the upload broke off; send the file again").WithCode("document.read_failed")
		e.Err = err
		return nil, "", e
	}
	if len(head) == 0 {
		return nil, "", domain.Invalid("file", "the file is empty").WithCode("document.empty")
	}
	contentType, err := communication.DocumentType(name, communication.Sniff(head))
	return br, contentType, err
}
