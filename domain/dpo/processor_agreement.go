package dpo

import (
	"slices"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
)

// The signed processor agreement (art. 28.3, 28.9: in writing) is kept
// with the processor: a PDF whose bytes are in the document store, sealed
// chunk by chunk with the processor's own key, as a matter's documents
// are with theirs. The event records which document it is; a new upload
// (a renewed agreement) is added, the earlier ones stay in the history.

// ProcessorAgreementAttached: the DPO uploaded the signed agreement.
// Name and SHA256 are sealed with the processor's key, as a document's
// are: a signed agreement's file name may name its signatories, and a
// fingerprint would let anyone holding a copy confirm the firm keeps it.
type ProcessorAgreementAttached struct {
	ProcessorID string    `json:"processor_id"`
	DocumentID  string    `json:"document_id"`
	Name        string    `json:"name" personal:"ProcessorID"`
	SHA256      []byte    `json:"sha256" personal:"ProcessorID"`
	Size        int64     `json:"size"`
	AttachedAt  time.Time `json:"attached_at"`
	AttachedBy  string    `json:"attached_by"`
}

// TypeProcessorAgreementAttached is stored forever: never rename it.
const TypeProcessorAgreementAttached = "dpo.ProcessorAgreementAttached"

func (ProcessorAgreementAttached) EventType() string  { return TypeProcessorAgreementAttached }
func (ProcessorAgreementAttached) SchemaVersion() int { return 1 }

// AgreementContentType is the one type a signed agreement is kept as.
const AgreementContentType = "application/pdf"

// CheckAgreementFile refuses, before any byte is stored, a file that is
// not a PDF: its name must end in .pdf and its first bytes (sniffed, see
// communication.Sniff) must be a PDF's. It returns the cleaned name.
func CheckAgreementFile(name, sniffed string) (string, error) {
	clean, err := communication.CleanFileName(name)
	if err != nil {
		return "", err
	}
	typ, err := communication.DocumentType(clean, sniffed)
	if err != nil || typ != AgreementContentType {
		return "", domain.Invalid("file", "upload the signed agreement as a PDF").WithCode("dpo.processor.agreement_pdf")
	}
	return clean, nil
}

// HasAgreement reports whether document documentID is one of the
// processor's agreements.
func (p *Processor) HasAgreement(documentID string) bool {
	return slices.Contains(p.agreements, documentID)
}

// AttachAgreement decides to add a signed agreement to a recorded
// processor. The same document again (a resent upload) decides nothing.
func (p *Processor) AttachAgreement(e ProcessorAgreementAttached, sniffed string) ([]domain.Event, error) {
	if !p.Exists() {
		return nil, domain.NotFound("there is no such processor").WithCode("dpo.processor.not_found")
	}
	if slices.Contains(p.agreements, e.DocumentID) {
		return nil, nil
	}
	var probs domain.Problems
	var err error
	e.Name, err = CheckAgreementFile(e.Name, sniffed)
	probs.Add(err)
	if e.Size <= 0 || len(e.SHA256) == 0 {
		probs.Add(domain.Invalid("file", "the file is empty").WithCode("document.empty"))
	}
	probs.Add(checkID("document_id", e.DocumentID, "dpo.processor.agreement_id"))
	probs.Add(checkID("attached_by", e.AttachedBy, "dpo.actor.id"))
	if e.ProcessorID != p.current.ProcessorID {
		probs.Add(domain.Invalid("processor_id", "the agreement belongs to this processor").WithCode("dpo.processor.id"))
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{e}, nil
}
