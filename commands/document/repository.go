package document

import (
	"context"
	"errors"
	"io"
	"time"

	commcmd "github.com/klient-crm/klient/commands/communication"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
)

// DocumentBlobs is where a document's bytes go: projections/documents'
// Store, which seals them chunk by chunk with the subject's key.
type DocumentBlobs interface {
	// Put stores r as document docID, sealed for subject, all or nothing,
	// refusing more than limit bytes (KindInvalid, document.too_large).
	Put(ctx context.Context, docID, subject string, r io.Reader, limit int64) (size int64, sha256 []byte, contentType string, err error)
	// Delete removes document docID's bytes; what is not there is no error.
	Delete(ctx context.Context, docID string) error
}

// Documents is the repository of document aggregates, with the blob store
// their bytes go to.
type Documents struct {
	journal journal.Journal
	blobs   DocumentBlobs
	maxSize int64
}

// NewDocuments returns the repository. maxSize is the largest upload in
// bytes; 0 means communication.DefaultMaxDocumentSize (25 MiB). The codec
// must have communication.Events() and contact.Events() registered.
func NewDocuments(store journal.EventStore, codec journal.EventCodec, clock func() time.Time, blobs DocumentBlobs, maxSize int64) (*Documents, error) {
	j, err := journal.New("NewDocuments", store, codec, clock)
	if err != nil {
		return nil, err
	}
	if blobs == nil || maxSize < 0 {
		return nil, errors.New("commands.NewDocuments: a blob store and a size limit of 0 (default) or more are required")
	}
	if maxSize == 0 {
		maxSize = communication.DefaultMaxDocumentSize
	}
	return &Documents{journal: j, blobs: blobs, maxSize: maxSize}, nil
}

// DocumentResult tells the caller where a command left the document.
type DocumentResult struct {
	DocumentID  string              // canonical UUID, chosen by the handler when an upload named none
	Version     uint64              // send it back as ExpectedVersion with RemoveDocument
	Position    eventstore.Position // wait for the documents projection to pass it
	Size        int64               // bytes stored (attach only)
	ContentType string              // as sniffed and allowed (attach only)
}

func documentStream(id string) journal.Stream {
	return journal.Stream{Name: communication.DocumentStreamName(id), StaleCode: "document.changed_meanwhile"}
}

// loader rebuilds document id, knowing from its first event whose erasure
// makes it erased.
func (r *Documents) loader(id string) journal.Loader[*communication.Document] {
	return func(ctx context.Context) (*communication.Document, journal.Span, error) {
		d := new(communication.Document)
		subject, err := commcmd.SealedFor(ctx, &r.journal, communication.DocumentStreamName(id))
		if err != nil {
			return d, journal.Span{}, err
		}
		sp, err := r.journal.Replay(ctx, communication.DocumentStreamName(id), subject, journal.Applier(d))
		return d, sp, err
	}
}

func requireDocuments(handler string, r *Documents) error {
	if r == nil {
		return errors.New("commands." + handler + ": documents repository is required")
	}
	return nil
}
