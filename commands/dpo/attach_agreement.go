package dpo

import (
	"bufio"
	"context"
	"errors"
	"io"
	"time"

	documentcmd "github.com/klient-crm/klient/commands/document"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/eventstore"
)

// AgreementBlobs is where a signed agreement's bytes go: the documents
// context's encrypted store, the documents' own port.
type AgreementBlobs = documentcmd.DocumentBlobs

// AttachProcessorAgreement uploads the signed agreement of a recorded
// processor. DocumentID is optional (for safe resending).
type AttachProcessorAgreement struct {
	Actor       journal.Actor
	ProcessorID string
	DocumentID  string
	Name        string    // the file's name as uploaded; it must end in .pdf
	Content     io.Reader // read once, to its end
}

// AgreementResult tells the caller where the upload left the processor.
type AgreementResult struct {
	ProcessorID string
	DocumentID  string
	Version     uint64 // the processor's stream version: its next edit expects it
	Position    eventstore.Position
}

// AttachProcessorAgreementHandler handles AttachProcessorAgreement.
type AttachProcessorAgreementHandler struct {
	journal journal.Journal
	blobs   AgreementBlobs
	maxSize int64
}

// NewAttachProcessorAgreementHandler returns the handler over the log and
// the blob store; maxSize is the largest upload (0: the documents'
// default, 25 MiB).
func NewAttachProcessorAgreementHandler(store journal.EventStore, codec journal.EventCodec, clock func() time.Time,
	blobs AgreementBlobs, maxSize int64) (*AttachProcessorAgreementHandler, error) {
	j, err := journal.New("NewAttachProcessorAgreementHandler", store, codec, clock)
	if err != nil {
		return nil, err
	}
	if blobs == nil || maxSize < 0 {
		return nil, errors.New("commands.NewAttachProcessorAgreementHandler: a blob store and a size limit of 0 (default) or more are required")
	}
	if maxSize == 0 {
		maxSize = communication.DefaultMaxDocumentSize
	}
	return &AttachProcessorAgreementHandler{journal: j, blobs: blobs, maxSize: maxSize}, nil
}

// AgreementSubject is the key that seals a processor's agreements (and
// the sealed fields of their events): the processor's own, as a breach's
// words are sealed with the breach's.
func AgreementSubject(processorID string) string { return processorID }

// Handle refuses an unknown processor and a file that is not a PDF (its
// name and its first bytes) before anything is stored, then stores the
// bytes sealed with the processor's key and appends the event on the
// processor as it is now (an upload does not depend on the version the
// DPO saw). If the append fails, the bytes are deleted: no file without
// its event.
func (h *AttachProcessorAgreementHandler) Handle(ctx context.Context, cmd AttachProcessorAgreement) (AgreementResult, error) {
	if err := cmd.Actor.Check(); err != nil {
		return AgreementResult{}, err
	}
	pid, err := journal.ExistingID(cmd.ProcessorID, domain.NotFound("there is no such processor").WithCode("dpo.processor.not_found"))
	if err != nil {
		return AgreementResult{}, err
	}
	docID, err := journal.NewID(cmd.DocumentID, domain.Invalid("document_id", "a document ID is a UUID").WithCode("dpo.processor.agreement_id"))
	if err != nil {
		return AgreementResult{}, err
	}
	p, sp, err := h.load(ctx, pid)
	if err != nil {
		return AgreementResult{}, err
	}
	if !p.Exists() {
		return AgreementResult{}, domain.NotFound("there is no such processor").WithCode("dpo.processor.not_found")
	}
	if p.HasAgreement(docID) { // a resent upload: stored and recorded already
		return AgreementResult{ProcessorID: pid, DocumentID: docID, Version: sp.Version, Position: sp.Last}, nil
	}
	if cmd.Content == nil {
		cmd.Content = eofReader{}
	}
	head := bufio.NewReaderSize(cmd.Content, 512)
	first, _ := head.Peek(512) // a shorter file gives what it has; a read error surfaces in Put
	sniffed := communication.Sniff(first)
	if _, err := domaindpo.CheckAgreementFile(cmd.Name, sniffed); err != nil {
		return AgreementResult{}, err
	}
	if len(first) == 0 {
		return AgreementResult{}, domain.Invalid("file", "the file is empty").WithCode("document.empty")
	}
	size, sum, _, err := h.blobs.Put(ctx, docID, AgreementSubject(pid), head, h.maxSize)
	if err != nil {
		return AgreementResult{}, journal.AsDomainError(err)
	}
	res, err := h.record(ctx, cmd, domaindpo.ProcessorAgreementAttached{ProcessorID: pid, DocumentID: docID, Name: cmd.Name,
		SHA256: sum, Size: size, AttachedBy: cmd.Actor.ID}, sniffed)
	if err != nil {
		// Cleanup must run even when the request's context is what failed.
		_ = h.blobs.Delete(context.WithoutCancel(ctx), docID)
		return AgreementResult{}, err
	}
	return res, nil
}

// record appends the event after the processor's current version; losing
// a race to an edit decides again.
func (h *AttachProcessorAgreementHandler) record(ctx context.Context, cmd AttachProcessorAgreement, e domaindpo.ProcessorAgreementAttached,
	sniffed string) (AgreementResult, error) {
	s := journal.Stream{Name: domaindpo.ProcessorStreamName(e.ProcessorID), StaleCode: "dpo.processor.changed_meanwhile"}
	for attempt := 0; ; attempt++ {
		now := h.journal.Now()
		p, sp, err := h.load(ctx, e.ProcessorID)
		if err != nil {
			return AgreementResult{}, err
		}
		e.AttachedAt = now
		events, err := p.AttachAgreement(e, sniffed)
		if err != nil {
			return AgreementResult{}, err
		}
		if len(events) == 0 {
			return AgreementResult{ProcessorID: e.ProcessorID, DocumentID: e.DocumentID, Version: sp.Version, Position: sp.Last}, nil
		}
		res, err := h.journal.Append(ctx, cmd.Actor, s, eventstore.Exact(sp.Version), events, now)
		if attempt < 3 && journal.IsStale(err) {
			continue
		}
		return AgreementResult{ProcessorID: e.ProcessorID, DocumentID: e.DocumentID, Version: res.LastVersion, Position: res.LastPosition}, err
	}
}

func (h *AttachProcessorAgreementHandler) load(ctx context.Context, id string) (*domaindpo.Processor, journal.Span, error) {
	p := new(domaindpo.Processor)
	sp, err := h.journal.Replay(ctx, domaindpo.ProcessorStreamName(id), "", func(ev domain.Event, _ bool) { p.Apply(ev) })
	return p, sp, err
}

// eofReader is an upload without a file: empty.
type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }
