package communication

import (
	"errors"

	"github.com/klient-crm/klient/domain"
)

// errIncompleteAttachment is a caller's bug: the blob store's facts are
// missing.
var errIncompleteAttachment = errors.New("communication: attachment lacks ID, data subject, content type or SHA-256")

// DefaultMaxDocumentSize is the largest upload a firm accepts unless it
// configures another limit: 25 MiB.
const DefaultMaxDocumentSize int64 = 25 << 20

// Attachment is what the blob store and the caller know of a stored file.
type Attachment struct {
	DocumentID      string
	MatterID        string // the matter, also for a document of an entry filed under one
	CommunicationID string // the entry, when attached to one
	DataSubject     string // whose key sealed the bytes: see DataSubjectFor
	Name            string // as uploaded; a path is cut to its last element
	Size            int64
	ContentType     string // from DocumentType: sniffed and allowed
	SHA256          []byte
	UploadedBy      string // staff ID
}

// Attach decides to record a stored file. A document ID is used once: the
// caller stored the bytes under it before asking.
func (d *Document) Attach(a Attachment) ([]domain.Event, error) {
	if d.Exists() {
		return nil, domain.Conflict("another document is already stored under this ID").WithCode("document.id.taken")
	}
	name, err := checkAttachment(a)
	if err != nil {
		return nil, err
	}
	return []domain.Event{DocumentAttached{
		DocumentID: a.DocumentID, MatterID: a.MatterID, CommunicationID: a.CommunicationID,
		DataSubject: a.DataSubject, Name: name, SHA256: a.SHA256, Size: a.Size,
		ContentType: a.ContentType, UploadedBy: a.UploadedBy,
	}}, nil
}

func checkAttachment(a Attachment) (string, error) {
	switch {
	case a.DocumentID == "" || a.DataSubject == "" || a.ContentType == "" || len(a.SHA256) != 32:
		return "", domain.Internal(errIncompleteAttachment)
	case a.MatterID == "" && a.CommunicationID == "":
		return "", domain.Invalid("target", "attach the document to a matter or an entry").WithCode("document.target.required")
	case a.Size <= 0:
		return "", domain.Invalid("file", "the file is empty").WithCode("document.empty")
	case !domain.ValidID(a.UploadedBy):
		return "", domain.Forbidden("no one is signed in to upload this").WithCode("auth.actor_required")
	}
	return CleanFileName(a.Name)
}

// Remove decides to take the document off its matter or entry; removing it
// again decides nothing. An erased document may be removed.
func (d *Document) Remove() ([]domain.Event, error) {
	if !d.Exists() {
		return nil, domain.NotFound("there is no such document").WithCode("document.not_found")
	}
	if d.removed {
		return nil, nil
	}
	return []domain.Event{DocumentRemoved{DocumentID: d.id, DataSubject: d.dataSubject}}, nil
}
