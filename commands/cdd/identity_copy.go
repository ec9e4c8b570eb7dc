package cdd

import (
	"bufio"
	"context"
	"encoding/hex"
	"errors"
	"io"
	"slices"
	"time"

	"github.com/google/uuid"

	documentcmd "github.com/klient-crm/klient/commands/document"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/domain/communication"
)

// IdentityBlobs keeps the copies' bytes: the documents context's encrypted
// blobs (projections/documents.Store), each sealed with the record's key.
type IdentityBlobs interface {
	documentcmd.DocumentBlobs
	Open(ctx context.Context, docID, subject string) (io.ReadCloser, error)
}

// StoreIdentityCopy stores a copy of the identity document the client
// showed (a PDF scan or a photo) with matter MatterID's record, replacing
// any earlier copy.
type StoreIdentityCopy struct {
	Actor           journal.Actor
	MatterID        string
	ExpectedVersion uint64
	Name            string    // the file's name as uploaded
	Content         io.Reader // read once, to its end
}

// IdentityCopyHandler stores and opens the copies.
type IdentityCopyHandler struct {
	records *Records
	blobs   IdentityBlobs
	maxSize int64
}

// NewIdentityCopyHandler returns the handler; maxSize bounds a copy (0:
// the documents' default).
func NewIdentityCopyHandler(records *Records, blobs IdentityBlobs, maxSize int64) (*IdentityCopyHandler, error) {
	if err := requireRecords("NewIdentityCopyHandler", records); err != nil {
		return nil, err
	}
	if blobs == nil {
		return nil, errors.New("commands.NewIdentityCopyHandler: a blob store is required")
	}
	return &IdentityCopyHandler{records: records, blobs: blobs, maxSize: maxSize}, nil
}

// Handle sniffs the file's type from its first bytes (a PDF or a photo,
// else refused with nothing stored), stores the bytes sealed with the
// record's key, and records the copy at the version the actor saw; if
// recording fails the bytes are deleted again, and once it succeeds the
// earlier copy's bytes are. No file without its event.
func (h *IdentityCopyHandler) Handle(ctx context.Context, cmd StoreIdentityCopy) (RecordResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return RecordResult{}, err
	}
	rec, err := h.records.Load(ctx, cmd.MatterID)
	if err != nil {
		return RecordResult{}, err
	}
	if err := visible(cmd.Actor, rec); err != nil {
		return RecordResult{}, err
	}
	if !rec.Exists() {
		return RecordResult{}, domaincdd.RecordNotFound()
	}
	if rec.Erased() {
		return RecordResult{}, domain.Erased("this due-diligence record's data has been erased").WithCode("cdd.record.erased")
	}
	if cmd.Content == nil {
		return RecordResult{}, domain.Invalid("file", "choose the file of the copy").WithCode("cdd.identity_copy.type")
	}
	content := bufio.NewReader(cmd.Content)
	head, _ := content.Peek(512)
	if !slices.Contains(domaincdd.IdentityCopyTypes, communication.Sniff(head)) {
		return RecordResult{}, domain.Invalid("file", "a copy of an identity document is a PDF, JPEG or PNG file").WithCode("cdd.identity_copy.type")
	}
	id := uuid.Must(uuid.NewV7()).String()
	size, sum, contentType, err := h.blobs.Put(ctx, id, rec.Key(), content, h.maxSize)
	if err != nil {
		return RecordResult{}, journal.AsDomainError(err)
	}
	var earlier string
	res, err := h.records.change(ctx, cmd.Actor, cmd.MatterID, cmd.ExpectedVersion, func(r *domaincdd.Record, now time.Time) ([]domain.Event, error) {
		if c := r.View().IdentityCopy; c != nil {
			earlier = c.DocumentID
		}
		return r.StoreIdentityCopy(domaincdd.IdentityCopyStored{DocumentID: id, Name: cmd.Name, ContentType: contentType,
			Size: size, SHA256: hex.EncodeToString(sum), StoredBy: cmd.Actor.ID, StoredAt: now})
	})
	if err != nil {
		_ = h.blobs.Delete(context.WithoutCancel(ctx), id) // the request's context may be what failed
		return RecordResult{}, err
	}
	if earlier != "" {
		_ = h.blobs.Delete(context.WithoutCancel(ctx), earlier) // replaced: its event stays, its bytes go
	}
	return res, nil
}

// Open opens matter matterID's copy for actor, with what the record says
// of it: none stored is not found; its key destroyed, erased.
func (h *IdentityCopyHandler) Open(ctx context.Context, actor journal.Actor, matterID string) (io.ReadCloser, domaincdd.IdentityCopyStored, error) {
	rec, err := h.records.Load(ctx, matterID)
	if err == nil {
		err = visible(actor, rec)
	}
	if err != nil {
		return nil, domaincdd.IdentityCopyStored{}, err
	}
	c := rec.View().IdentityCopy
	if c == nil || rec.Erased() {
		return nil, domaincdd.IdentityCopyStored{}, domain.NotFound("the record has no copy of an identity document").WithCode("cdd.identity_copy.not_found")
	}
	body, err := h.blobs.Open(ctx, c.DocumentID, rec.Key())
	return body, *c, journal.AsNilOrDomain(err)
}
